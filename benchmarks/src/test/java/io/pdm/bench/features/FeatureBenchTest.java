package io.pdm.bench.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Both bench jobs run end to end (with Kryo disabled) and emit exactly one feature record per asset and sliding
 * window that holds any of the generated readings, a count worked out here from the generated timestamps alone.
 */
class FeatureBenchTest {
    @Test
    void tinyBenchEmitsOneFeatureRecordPerAssetAndCoveredWindow() throws Exception {
        FeatureBench.Options o = FeatureBench.Options.defaults().scaled(0.01);
        FeatureBench.Result r = new FeatureBench.Result(FeatureBench.runScalar(o), FeatureBench.runWaveform(o), 1, 1);

        assertThat(r.scalarJob().items()).isEqualTo(20_000L * 8);
        assertThat(r.waveformJob().items()).isEqualTo(480L * 4096);
        // Scalar: asset a's snapshots are i = a, a + 50, ... at T0 + (i / 50) × 10 ms.
        long scalarLast = FeatureBench.T0 + (o.snapshots() - 1) / o.assets() * 10;
        assertThat(r.scalarJob().features()).isEqualTo(o.assets() * windowsCovering(o, FeatureBench.T0, scalarLast));
        // Waveform: blocks of 4096 samples at 10,240 Hz, 400 ms apart per asset; every asset has blocks 0..8 at least.
        long blockMs = Math.round(o.blockSize() * 1000 / 10_240.0);
        long fewestBlocks = o.blocks() / o.assets();
        long waveformLast = FeatureBench.T0 + (fewestBlocks - 1) * blockMs;
        assertThat(windowsCovering(o, FeatureBench.T0, waveformLast))
                .as("the assets with one block more fall in no further window")
                .isEqualTo(windowsCovering(o, FeatureBench.T0, waveformLast + blockMs));
        assertThat(r.waveformJob().features())
                .isEqualTo(o.assets() * windowsCovering(o, FeatureBench.T0, waveformLast));
        assertThat(r.report()).contains("scalar readings", "waveform samples");
    }

    /** Sliding windows (aligned to the epoch) that contain some instant of [first, last]. */
    private static long windowsCovering(FeatureBench.Options o, long first, long last) {
        long size = o.windowSize().toMillis();
        long slide = o.windowSlide().toMillis();
        long lastStart = Math.floorDiv(last, slide) * slide;
        long firstStart = Math.floorDiv(first - size, slide) * slide + slide; // first start whose window reaches first
        return (lastStart - firstStart) / slide + 1;
    }
}
