package io.pdm.assets;

import java.util.List;

/**
 * A way the machine fails.
 *
 * @param components ids of the components it affects
 * @param vocabulary words of maintenance logs that point to this mode ("seal leak", "cavitation")
 * @param channels   the channels where it shows (names of the type's channels)
 */
public record FailureMode(
        String id, String name, List<String> components, List<String> vocabulary, List<String> channels) {
    public FailureMode {
        AssetType.requireId("id", id);
        AssetType.requireText("name", name);
        components = components == null ? List.of() : List.copyOf(components);
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
