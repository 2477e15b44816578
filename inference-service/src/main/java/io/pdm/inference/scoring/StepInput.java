package io.pdm.inference.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one model step of one asset contributes: the values of the channels an asset type reads, at the end of a
 * feature window (or a snapshot, or a cycle). Channels the source did not carry are simply absent from the map.
 *
 * @param age steps since the asset was new or last overhauled when the source knows it (a cycle counter), else null
 */
public record StepInput(String asset, Instant end, Map<String, Double> values, Double age) {
    public StepInput {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(end, "end");
        values = Map.copyOf(values);
    }

    /** Only the given channels, in their order; null where the step has no value. */
    public Double[] select(List<String> channels) {
        Double[] out = new Double[channels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(channels.get(i));
        }
        return out;
    }
}
