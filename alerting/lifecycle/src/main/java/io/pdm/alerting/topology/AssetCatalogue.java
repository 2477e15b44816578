package io.pdm.alerting.topology;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.FailureMode;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The asset types' maintenance vocabulary as the lifecycle needs it: which failure modes are about parts
 * (components) of an asset, for inhibition, and the codes of a work request (component = SAP object part, failure
 * mode = damage). Built-in types load on first use; a type nobody knows has no parts and no codes.
 */
public final class AssetCatalogue {
    private final Map<String, Optional<AssetType>> types = new ConcurrentHashMap<>();

    public AssetCatalogue(Collection<AssetType> extra) {
        for (AssetType t : extra) types.put(t.id(), Optional.of(t));
    }

    public static AssetCatalogue builtIn() {
        return new AssetCatalogue(java.util.List.of());
    }

    public Optional<AssetType> type(String id) {
        if (id == null) return Optional.empty();
        return types.computeIfAbsent(id, AssetCatalogue::load);
    }

    public Optional<FailureMode> failureMode(String typeId, String mode) {
        return type(typeId)
                .flatMap(t -> t.failureModes().stream()
                        .filter(m -> m.id().equals(mode))
                        .findFirst());
    }

    /** Whether the mode is one of the type's failure modes that names components, i.e. an alert on parts. */
    public boolean isPartMode(String typeId, String mode) {
        return failureMode(typeId, mode).map(m -> !m.components().isEmpty()).orElse(false);
    }

    private static Optional<AssetType> load(String id) {
        if (!AssetTypes.BUILT_IN.contains(id)) return Optional.empty();
        try {
            return Optional.of(AssetTypes.builtIn(id));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("built-in asset type " + id + " unreadable", e);
        }
    }
}
