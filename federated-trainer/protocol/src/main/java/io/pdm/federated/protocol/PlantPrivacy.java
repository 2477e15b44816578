package io.pdm.federated.protocol;

/**
 * The differential-privacy parameters a plant applied, as it reported them; null values mean the plant applied no
 * clipping or noise.
 *
 * @param unit what the clip bound and noise protect: {@link #DELTA} (the plant's whole delta, plant-level DP) or
 *             {@link #EXAMPLE} (each training window's gradient, DP-SGD); null without DP or from plants that
 *             predate the field (which could only mean {@link #DELTA})
 */
public record PlantPrivacy(String plant, Double clipNorm, Double noiseMultiplier, String unit) {

    public static final String DELTA = "delta";
    public static final String EXAMPLE = "example";
}
