package io.pdm.assets;

/**
 * One measured quantity of an asset type.
 *
 * @param name        the snapshot sensor or window feature name, e.g. {@code s2} or {@code vibration.kurtosis}
 * @param unit        its unit as written in reports, e.g. {@code °C}, {@code g}, {@code mm/s}, {@code 1}
 * @param description what it measures (nullable)
 * @param source      snapshot sensor or window feature
 * @param model       whether the remaining-life model reads it (null = true); false for channels that are only
 *                    watched against limits
 */
public record Channel(String name, String unit, String description, ChannelSource source, Boolean model) {
    public Channel {
        AssetType.requireText("name", name);
        AssetType.requireText("unit", unit);
        if (source == null) {
            throw new IllegalArgumentException("source is required (SNAPSHOT_SENSOR or WINDOW_FEATURE)");
        }
        model = model == null ? Boolean.TRUE : model;
    }

    public boolean modelInput() {
        return model;
    }
}
