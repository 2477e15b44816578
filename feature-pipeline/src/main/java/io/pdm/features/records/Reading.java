package io.pdm.features.records;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pipeline internal type (feature-pipeline): one telemetry message (a Kafka TelemetryRecord) as it
 * flows through the Flink job. Flink serializes it as a POJO (records are supported, arrays have
 * built-in serializers), so no Kryo and no flink-avro are involved.
 *
 * <p>Exactly one of the two shapes is set:
 * <ul>
 *   <li>scalar snapshot: {@code sensors[i]} was read as {@code values[i]} at {@code ts};
 *       {@code waveformSensor} and {@code samples} are null, {@code rateHz} is 0;</li>
 *   <li>waveform block: {@code samples} of {@code waveformSensor} at {@code rateHz}, the first one
 *       at {@code ts}; {@code sensors} and {@code values} are empty arrays.</li>
 * </ul>
 * Arrays instead of a map keep the hot path free of boxing. Timestamps are epoch milliseconds.
 * Treat the arrays as immutable.
 */
public record Reading(
        String plant,
        String asset,
        long ts,
        long receivedAt,
        String[] sensors,
        double[] values,
        String waveformSensor,
        double rateHz,
        float[] samples) {

    private static final String[] NO_SENSORS = new String[0];
    private static final double[] NO_VALUES = new double[0];

    public Reading {
        Objects.requireNonNull(asset, "asset");
        if (sensors == null) sensors = NO_SENSORS;
        if (values == null) values = NO_VALUES;
        if (sensors.length != values.length) {
            throw new IllegalArgumentException("sensors and values differ in length");
        }
    }

    public static Reading scalar(
            String plant, String asset, long ts, long receivedAt, String[] sensors, double[] values) {
        return new Reading(plant, asset, ts, receivedAt, sensors, values, null, 0.0, null);
    }

    public static Reading scalar(String plant, String asset, long ts, Map<String, Double> values) {
        String[] s = new String[values.size()];
        double[] v = new double[values.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            s[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return scalar(plant, asset, ts, ts, s, v);
    }

    public static Reading waveform(
            String plant, String asset, long ts, long receivedAt, String sensor, double rateHz, float[] samples) {
        return new Reading(plant, asset, ts, receivedAt, NO_SENSORS, NO_VALUES, sensor, rateHz, samples);
    }

    /** True for a waveform block, false for a scalar snapshot. */
    public boolean isWaveform() {
        return samples != null;
    }

    /** The scalar values as an ordered map (a copy; empty for a waveform block). */
    public Map<String, Double> scalarValues() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < sensors.length; i++) m.put(sensors[i], values[i]);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r
                && ts == r.ts
                && receivedAt == r.receivedAt
                && Double.compare(rateHz, r.rateHz) == 0
                && Objects.equals(plant, r.plant)
                && asset.equals(r.asset)
                && Arrays.equals(sensors, r.sensors)
                && Arrays.equals(values, r.values)
                && Objects.equals(waveformSensor, r.waveformSensor)
                && Arrays.equals(samples, r.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(asset, ts, waveformSensor) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return isWaveform()
                ? "Reading[" + asset + "@" + ts + " " + waveformSensor + " " + rateHz + "Hz x" + samples.length + "]"
                : "Reading[" + asset + "@" + ts + " " + scalarValues() + "]";
    }
}
