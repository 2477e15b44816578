package io.pdm.alerting.topology;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.FailureMode;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The asset types' maintenance vocabulary as the lifecycle needs it: which failure modes are about parts
 * (components) of an asset, for inhibition, and the codes of a work request (component = SAP object part, failure
 * mode = damage). Built-in types load on first use; a type nobody knows has no parts and no codes.
 */
public final class AssetCatalogue {
    private final Map<String, Known> types = new ConcurrentHashMap<>();

    /**
     * A type and its failure modes by id (the first of an id, as a search of the list finds it): inhibition asks for a
     * candidate's mode on every candidate, and streaming the list each time showed in the bench's profile.
     */
    private record Known(Optional<AssetType> type, Map<String, FailureMode> modes) {
        static Known of(Optional<AssetType> type) {
            Map<String, FailureMode> modes = new HashMap<>(); // never changed after this: read by any thread
            type.ifPresent(t -> t.failureModes().forEach(m -> modes.putIfAbsent(m.id(), m)));
            return new Known(type, modes);
        }
    }

    public AssetCatalogue(Collection<AssetType> extra) {
        for (AssetType t : extra) types.put(t.id(), Known.of(Optional.of(t)));
    }

    public static AssetCatalogue builtIn() {
        return new AssetCatalogue(java.util.List.of());
    }

    public Optional<AssetType> type(String id) {
        if (id == null) return Optional.empty();
        return known(id).type();
    }

    public Optional<FailureMode> failureMode(String typeId, String mode) {
        return Optional.ofNullable(mode(typeId, mode));
    }

    /** Whether the mode is one of the type's failure modes that names components, i.e. an alert on parts. */
    public boolean isPartMode(String typeId, String mode) {
        FailureMode m = mode(typeId, mode);
        return m != null && !m.components().isEmpty();
    }

    private FailureMode mode(String typeId, String mode) {
        return typeId == null || mode == null ? null : known(typeId).modes().get(mode);
    }

    private Known known(String id) {
        Known k = types.get(id);
        return k != null ? k : types.computeIfAbsent(id, t -> Known.of(load(t)));
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
