package io.pdm.features.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.features.FeatureJob;
import io.pdm.features.FeatureJobConfig;
import io.pdm.features.records.Features;
import io.pdm.features.records.Reading;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The real window operator of the job (taken from the job's own wiring) under the test harness. */
class WindowFeaturesTest {
    static final long T0 = 1_764_000_000_000L; // a multiple of 10 s

    static KeyedOneInputStreamOperatorTestHarness<String, Observation, Features> harness(FeatureJobConfig c)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Observation sample = new Observation(Reading.scalar("p", "a", 0, 0, new String[0], new double[0]), null);
        Transformation<Features> t =
                FeatureJob.windowFeatures(c, env.fromData(List.of(sample))).getTransformation();
        @SuppressWarnings("unchecked")
        StreamOperatorFactory<Features> factory =
                ((OneInputTransformation<Observation, Features>) t).getOperatorFactory();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(factory, Observation::asset, Types.STRING);
        h.open();
        return h;
    }

    static FeatureJobConfig config(Duration size, Duration slide, Duration lateness) {
        return FeatureJobConfig.defaults("plant-t", "unused:9092")
                .withWindow(size, slide)
                .withWatermarks(Duration.ofSeconds(1), Duration.ZERO, lateness);
    }

    static StreamRecord<Observation> scalar(String asset, long ts, double temp) {
        Reading r = Reading.scalar("plant-t", asset, ts, ts, new String[] {"temp"}, new double[] {temp});
        return new StreamRecord<>(new Observation(r, null), ts);
    }

    static StreamRecord<Observation> waveform(String asset, long ts, float[] x) {
        Reading r = Reading.waveform("plant-t", asset, ts, ts, "vib", 1000, x);
        return new StreamRecord<>(new Summarize(4).map(r), ts);
    }

    @Test
    void tumblingWindowEmitsFeaturesAndRoutesLateReadingsToSideOutput() throws Exception {
        var h = harness(config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO));
        h.processElement(scalar("a", T0 + 1000, 1));
        h.processElement(scalar("a", T0 + 3000, 5)); // out of order, still in time
        h.processElement(scalar("a", T0 + 2000, 3));
        float[] sine = new float[1000];
        for (int i = 0; i < sine.length; i++) sine[i] = (float) (2 * Math.sin(2 * Math.PI * 100 * i / 1000.0));
        h.processElement(waveform("a", T0 + 4000, sine));
        h.processElement(scalar("b", T0 + 5000, 42));
        h.processWatermark(T0 + 10_000);

        List<Features> out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        Features a = out.stream().filter(f -> f.asset().equals("a")).findFirst().orElseThrow();
        assertThat(a.windowStart()).isEqualTo(T0);
        assertThat(a.windowEnd()).isEqualTo(T0 + 10_000);
        assertThat(a.readingCount()).isEqualTo(4);
        assertThat(a.features().get("temp.mean")).isCloseTo(3.0, within(1e-12));
        assertThat(a.features().get("temp.std")).isCloseTo(2.0, within(1e-12));
        assertThat(a.features().get("temp.slope")).isCloseTo(2.0, within(1e-12)); // per second
        assertThat(a.features().get("temp.last")).isEqualTo(5.0); // latest by event time
        assertThat(a.features().get("vib.rms")).isCloseTo(Math.sqrt(2), within(1e-5));
        assertThat(a.features()).containsKeys("vib.kurtosis", "vib.band_0", "vib.band_3", "temp.ewma");
        assertThat(a.secondsSinceMaintenance()).isNull();

        h.processElement(scalar("a", T0 + 6000, 100)); // its window closed: late
        assertThat(h.getSideOutput(FeatureJob.LATE))
                .extracting(r -> r.getValue().reading().ts())
                .containsExactly(T0 + 6000);
        assertThat(h.extractOutputValues()).hasSize(2); // no re-fire
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void allowedLatenessRefiresThenCleansUp() throws Exception {
        var h = harness(config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5)));
        h.processElement(scalar("a", T0 + 1000, 1));
        h.processWatermark(T0 + 12_000);
        h.processElement(scalar("a", T0 + 2000, 3)); // late but within allowed lateness
        List<Features> out = h.extractOutputValues();
        assertThat(out).extracting(Features::readingCount).containsExactly(1, 2);
        assertThat(out.get(1).features().get("temp.mean")).isEqualTo(2.0);
        assertThat(h.getSideOutput(FeatureJob.LATE)).isNullOrEmpty();

        h.processWatermark(T0 + 15_000); // end + lateness: state goes
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.processElement(scalar("a", T0 + 3000, 5));
        assertThat(h.getSideOutput(FeatureJob.LATE)).hasSize(1);
        h.close();
    }

    @Test
    void windowStateSurvivesSnapshotAndRestore() throws Exception {
        FeatureJobConfig c = config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);
        var h = harness(c);
        h.processElement(scalar("a", T0 + 1000, 1));
        float[] x = {1, -1, 2, -2};
        h.processElement(waveform("a", T0 + 2000, x));
        var snapshot = h.snapshot(1, 1); // window state goes through AccumulatorSerializer
        h.close();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Observation sample = new Observation(Reading.scalar("p", "a", 0, 0, new String[0], new double[0]), null);
        @SuppressWarnings("unchecked")
        var factory = ((OneInputTransformation<Observation, Features>)
                        FeatureJob.windowFeatures(c, env.fromData(List.of(sample)))
                                .getTransformation())
                .getOperatorFactory();
        var restored = new KeyedOneInputStreamOperatorTestHarness<>(factory, Observation::asset, Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(scalar("a", T0 + 3000, 3));
        restored.processWatermark(T0 + 10_000);
        Features f = restored.extractOutputValues().get(0);
        assertThat(f.readingCount()).isEqualTo(3);
        assertThat(f.features().get("temp.mean")).isEqualTo(2.0);
        assertThat(f.features().get("vib.rms")).isCloseTo(Math.sqrt(2.5), within(1e-9));
        restored.close();
    }

    @Test
    void slidingWindowsEachSeeTheirReadings() throws Exception {
        var h = harness(config(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO));
        h.processElement(scalar("a", T0 + 2000, 2)); // windows [-5,5) and [0,10)
        h.processElement(scalar("a", T0 + 7000, 4)); // windows [0,10) and [5,15)
        h.processWatermark(T0 + 15_000);
        List<Features> out = h.extractOutputValues();
        assertThat(out).extracting(Features::windowStart).containsExactly(T0 - 5000, T0, T0 + 5000);
        assertThat(out).extracting(f -> f.features().get("temp.mean")).containsExactly(2.0, 3.0, 4.0);
        assertThat(out.get(1).features().get("temp.slope")).isCloseTo(0.4, within(1e-12));
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }
}
