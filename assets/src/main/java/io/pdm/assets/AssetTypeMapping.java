package io.pdm.assets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which asset of a plant is which type: explicit asset ids first, then glob patterns in file order ({@code *} any
 * run of characters, {@code ?} one), then the default. A config file (JSON or YAML):
 *
 * <pre>
 * default: pump-set
 * assets: { engine-007: cmapss-turbofan }
 * patterns: [ { glob: "engine-*", type: cmapss-turbofan } ]
 * </pre>
 *
 * @param defaultType the type of an asset nothing else matches; null for none (such assets are unmapped)
 * @param assets      asset id → type id
 * @param patterns    glob → type id, first match wins
 */
public record AssetTypeMapping(
        @com.fasterxml.jackson.annotation.JsonProperty("default")
        String defaultType,

        Map<String, String> assets,
        List<GlobRule> patterns) {
    public AssetTypeMapping {
        assets = assets == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(assets));
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        if (defaultType != null) {
            AssetType.requireId("default", defaultType);
        }
        assets.forEach((asset, type) -> AssetType.requireId("assets." + asset, type));
    }

    /** Every asset is of one type. */
    public static AssetTypeMapping all(String typeId) {
        return new AssetTypeMapping(typeId, Map.of(), List.of());
    }

    /** @param glob {@code *} and {@code ?} wildcards over the asset id */
    public record GlobRule(String glob, String type) {
        public GlobRule {
            AssetType.requireText("glob", glob);
            AssetType.requireId("type", type);
        }

        boolean matches(String asset) {
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return asset.matches(regex.toString());
        }
    }

    /** The type id of an asset, or empty when no rule and no default applies. */
    public Optional<String> typeOf(String asset) {
        String explicit = assets.get(asset);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        return patterns.stream()
                .filter(r -> r.matches(asset))
                .map(GlobRule::type)
                .findFirst()
                .or(() -> Optional.ofNullable(defaultType));
    }

    public static AssetTypeMapping load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new AssetTypeException(file.toString(), "", "no such file");
        }
        return AssetTypes.read(
                Files.readString(file, StandardCharsets.UTF_8),
                file.toString(),
                AssetTypes.isYaml(file),
                AssetTypeMapping.class);
    }
}
