package io.pdm.federated.protocol;

/**
 * The differential-privacy parameters a plant applied to its delta, as it reported them; null values mean the
 * plant applied no clipping or noise.
 */
public record PlantPrivacy(String plant, Double clipNorm, Double noiseMultiplier) {
}
