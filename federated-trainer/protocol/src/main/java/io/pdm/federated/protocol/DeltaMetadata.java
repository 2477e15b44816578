package io.pdm.federated.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a plant states about its delta, carried in the delta's safetensors {@code __metadata__} (string values,
 * schema {@code json/federated/delta-metadata.schema.json}) so the tensors and their claims travel and are
 * stored as one artifact.
 *
 * @param nonce           random, never reused by the plant: a replayed upload is recognised by it
 * @param clipNorm        L2 clip bound the plant applied, or null
 * @param noiseMultiplier Gaussian noise multiplier the plant applied, or null
 * @param privacyUnit     what clipNorm and noiseMultiplier apply to ({@link PlantPrivacy#DELTA} or
 *                        {@link PlantPrivacy#EXAMPLE}), or null
 */
public record DeltaMetadata(
        String plant,
        long round,
        String baseModelHash,
        long exampleCount,
        String nonce,
        Double clipNorm,
        Double noiseMultiplier,
        String privacyUnit) {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    public DeltaMetadata {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("nonce must be 16-128 URL-safe characters, was " + nonce);
        }
        if (exampleCount <= 0) {
            throw new IllegalArgumentException("exampleCount must be positive, was " + exampleCount);
        }
    }

    public PlantPrivacy privacy() {
        return new PlantPrivacy(plant, clipNorm, noiseMultiplier, privacyUnit);
    }

    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("format", "pt");
        map.put("pdm.plant", plant);
        map.put("pdm.round", Long.toString(round));
        map.put("pdm.base_model_sha256", baseModelHash);
        map.put("pdm.example_count", Long.toString(exampleCount));
        map.put("pdm.nonce", nonce);
        if (clipNorm != null) {
            map.put("pdm.clip_norm", clipNorm.toString());
        }
        if (noiseMultiplier != null) {
            map.put("pdm.noise_multiplier", noiseMultiplier.toString());
        }
        if (privacyUnit != null) {
            map.put("pdm.dp_unit", privacyUnit);
        }
        return map;
    }

    /** Throws {@link IllegalArgumentException} naming the missing or malformed key. */
    public static DeltaMetadata fromMap(Map<String, String> map) {
        return new DeltaMetadata(
                required(map, "pdm.plant"),
                parse(map, "pdm.round", Long::parseLong),
                required(map, "pdm.base_model_sha256"),
                parse(map, "pdm.example_count", Long::parseLong),
                required(map, "pdm.nonce"),
                map.containsKey("pdm.clip_norm") ? parse(map, "pdm.clip_norm", Double::valueOf) : null,
                map.containsKey("pdm.noise_multiplier") ? parse(map, "pdm.noise_multiplier", Double::valueOf) : null,
                map.get("pdm.dp_unit"));
    }

    private static String required(Map<String, String> map, String key) {
        String value = map.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("delta metadata lacks " + key);
        }
        return value;
    }

    private static <T> T parse(Map<String, String> map, String key, Function<String, T> parser) {
        try {
            return parser.apply(required(map, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("delta metadata " + key + " is not a number: " + map.get(key));
        }
    }
}
