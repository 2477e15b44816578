package io.pdm.bench.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke test: both bench jobs run end to end (with Kryo disabled) and reports positive rates. */
class FeatureBenchTest {
    @Test
    void tinyBenchRunsAndReports() throws Exception {
        FeatureBench.Options o = FeatureBench.Options.defaults().scaled(0.01);
        FeatureBench.Result r = new FeatureBench.Result(FeatureBench.runScalar(o), FeatureBench.runWaveform(o), 1, 1);
        assertThat(r.scalarJob().items()).isEqualTo(20_000L * 8);
        assertThat(r.waveformJob().items()).isEqualTo(480L * 4096);
        assertThat(r.scalarJob().perSecond()).isPositive();
        assertThat(r.waveformJob().perCpuSecond()).isPositive();
        assertThat(r.report()).contains("scalar readings", "waveform samples");
    }
}
