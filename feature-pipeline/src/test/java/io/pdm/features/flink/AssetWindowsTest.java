package io.pdm.features.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.pdm.features.FeatureJob;
import io.pdm.features.FeatureJobConfig;
import io.pdm.features.records.Features;
import io.pdm.features.records.Reading;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The job's real window operator (taken from the job's own wiring) under the test harness. No
 * watermark is ever sent: windows close on each asset's own readings or its silence.
 */
class AssetWindowsTest {
    static final long T0 = 1_764_000_000_000L; // a multiple of 10 s
    static final long HOUR = 3_600_000L;

    static StreamOperatorFactory<Features> factory(FeatureJobConfig c) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Observation sample = new Observation(Reading.scalar("p", "a", 0, 0, new String[0], new double[0]), null);
        @SuppressWarnings("unchecked")
        var t = (OneInputTransformation<Observation, Features>)
                FeatureJob.windowFeatures(c, env.fromData(List.of(sample))).getTransformation();
        return t.getOperatorFactory();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Observation, Features> harness(
            FeatureJobConfig c, OperatorSubtaskState restoreFrom) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(factory(c), Observation::asset, Types.STRING);
        if (restoreFrom != null) h.initializeState(restoreFrom);
        h.open();
        return h;
    }

    /** Out-of-orderness 1 s; idle bound as given (ZERO: never). */
    static FeatureJobConfig config(Duration size, Duration slide, Duration lateness, Duration idle) {
        return FeatureJobConfig.defaults("plant-t", "unused:9092")
                .withWindow(size, slide)
                .withWatermarks(Duration.ofSeconds(1), idle, lateness);
    }

    static FeatureJobConfig tumbling10s(Duration lateness) {
        return config(Duration.ofSeconds(10), Duration.ofSeconds(10), lateness, Duration.ZERO);
    }

    static StreamRecord<Observation> scalar(String asset, long ts, double temp) {
        Reading r = Reading.scalar("plant-t", asset, ts, ts, new String[] {"temp"}, new double[] {temp});
        return new StreamRecord<>(new Observation(r, null), ts);
    }

    static StreamRecord<Observation> waveform(String asset, long ts, float[] x) {
        Reading r = Reading.waveform("plant-t", asset, ts, ts, "vib", 1000, x);
        return new StreamRecord<>(new Summarize(4).map(r), ts);
    }

    static List<Features> of(List<Features> out, String asset) {
        return out.stream().filter(f -> f.asset().equals(asset)).toList();
    }

    @Test
    void tumblingWindowClosesOnTheAssetsOwnProgressAndRoutesLateReadingsToSideOutput() throws Exception {
        var h = harness(tumbling10s(Duration.ZERO), null);
        h.processElement(scalar("a", T0 + 1000, 1));
        h.processElement(scalar("a", T0 + 3000, 5)); // out of order, still in time
        h.processElement(scalar("a", T0 + 2000, 3));
        float[] sine = new float[1000];
        for (int i = 0; i < sine.length; i++) sine[i] = (float) (2 * Math.sin(2 * Math.PI * 100 * i / 1000.0));
        h.processElement(waveform("a", T0 + 4000, sine));
        h.processElement(scalar("b", T0 + 50_000, 42)); // another asset far ahead closes nothing of a's
        h.processElement(scalar("a", T0 + 10_500, 0)); // a's clock: 10.5 s - 1 s, not past the end yet
        assertThat(h.extractOutputValues()).isEmpty();
        h.processElement(scalar("a", T0 + 11_000, 0)); // 11 s - 1 s - 1 ms = end - 1

        List<Features> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        Features a = out.get(0);
        assertThat(a.asset()).isEqualTo("a");
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
        assertThat(h.extractOutputValues()).hasSize(1); // no re-fire
        h.processElement(scalar("c", T0 + 6000, 100)); // the same time is not late for another asset
        assertThat(h.getSideOutput(FeatureJob.LATE)).hasSize(1);
        h.close();
    }

    @Test
    void allowedLatenessRefiresThenCleansUp() throws Exception {
        var h = harness(tumbling10s(Duration.ofSeconds(5)), null);
        h.processElement(scalar("a", T0 + 1000, 1));
        h.processElement(scalar("a", T0 + 13_000, 9)); // a's watermark 12 s - 1 ms: [0, 10) fires
        h.processElement(scalar("a", T0 + 2000, 3)); // late but within allowed lateness
        List<Features> out = of(h.extractOutputValues(), "a");
        assertThat(out).extracting(Features::readingCount).containsExactly(1, 2);
        assertThat(out.get(1).features().get("temp.mean")).isEqualTo(2.0);
        assertThat(h.getSideOutput(FeatureJob.LATE)).isNullOrEmpty();

        h.processElement(scalar("a", T0 + 16_000, 9)); // watermark 15 s - 1 ms: end - 1 + lateness
        assertThat(h.numKeyedStateEntries()).isEqualTo(2); // the clock and the open [10, 20)
        h.processElement(scalar("a", T0 + 3000, 5));
        assertThat(h.getSideOutput(FeatureJob.LATE)).hasSize(1);
        h.close();
    }

    @Test
    void slidingWindowsEachSeeTheirReadings() throws Exception {
        var h = harness(config(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO), null);
        h.processElement(scalar("a", T0 + 2000, 2)); // windows [-5,5) and [0,10)
        h.processElement(scalar("a", T0 + 7000, 4)); // windows [0,10) and [5,15)
        h.processWatermark(Long.MAX_VALUE); // end of input flushes the open windows
        List<Features> out = h.extractOutputValues();
        assertThat(out).extracting(Features::windowStart).containsExactly(T0 - 5000, T0, T0 + 5000);
        assertThat(out).extracting(f -> f.features().get("temp.mean")).containsExactly(2.0, 3.0, 4.0);
        assertThat(out.get(1).features().get("temp.slope")).isCloseTo(0.4, within(1e-12));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1); // only the asset's clock is left
        h.close();
    }

    /**
     * The case: a device stamping the current time, one an hour behind, a replay a day
     * behind, and one that falls silent. Each gets its windows as soon as its own time passes them;
     * the silent one after the idle bound, in processing time.
     */
    @Test
    void threeAssetsHoursApartAndASilentOneEachCloseOnTheirOwnClock() throws Exception {
        var h = harness(
                config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(30)), null);
        long now = T0 + 48 * HOUR;
        long[] clocks = {now, now - HOUR, now - 24 * HOUR, now - 5 * HOUR};
        String[] assets = {"live", "behind", "replay", "silent"};
        h.setProcessingTime(1_000);
        for (int s = 0; s < 12; s++) { // 12 s of each asset's time; "silent" only sends its first 3 s
            for (int i = 0; i < assets.length; i++) {
                if (assets[i].equals("silent") && s >= 3) continue;
                h.processElement(scalar(assets[i], clocks[i] + s * 1000L, s));
            }
        }
        List<Features> out = h.extractOutputValues();
        for (int i = 0; i < 3; i++) {
            assertThat(of(out, assets[i]))
                    .as(assets[i])
                    .singleElement()
                    .satisfies(f -> assertThat(f.readingCount()).isEqualTo(10))
                    .extracting(Features::windowStart)
                    .isEqualTo(clocks[i]);
        }
        assertThat(of(out, "silent")).isEmpty();

        h.setProcessingTime(1_000 + 29_999);
        assertThat(of(h.extractOutputValues(), "silent")).isEmpty();
        h.setProcessingTime(1_000 + 30_000); // silent for the idle bound: its open window closes
        assertThat(of(h.extractOutputValues(), "silent"))
                .singleElement()
                .satisfies(f -> assertThat(f.windowStart()).isEqualTo(clocks[3]))
                .extracting(Features::readingCount)
                .isEqualTo(3);
        // The others sent nothing since either: their open windows [10 s, 20 s) close too, once each.
        assertThat(h.extractOutputValues()).hasSize(7);

        h.processElement(scalar("silent", clocks[3] + 4000, 7)); // for the window that closed: late
        assertThat(h.getSideOutput(FeatureJob.LATE))
                .extracting(r -> r.getValue().asset())
                .containsExactly("silent");
        h.processElement(scalar("silent", clocks[3] + 10_000, 8)); // a new window opens normally
        assertThat(h.getSideOutput(FeatureJob.LATE)).hasSize(1);
        h.close();
    }

    /**
     * The idle bound fires windows, it does not discard the allowed lateness: after a stall upstream
     * the backlog still updates them (no late readings), a newer window still fires only on the
     * asset's own progress, and once the lateness has passed in processing time a reading is late.
     */
    @Test
    void theIdleBoundFiresWindowsThatStillTakeReadingsWithinTheAllowedLateness() throws Exception {
        var h = harness(
                config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                null);
        h.setProcessingTime(0);
        h.processElement(scalar("slow", T0 + 1000, 1));
        h.setProcessingTime(30_000); // silent (or stalled upstream): [0, 10) fires with what it has
        assertThat(h.extractOutputValues()).extracting(Features::readingCount).containsExactly(1);
        h.setProcessingTime(40_000);
        h.processElement(scalar("slow", T0 + 21_000, 2)); // a newer window [20, 30): open, not fired
        h.processElement(scalar("slow", T0 + 22_000, 3));
        assertThat(h.extractOutputValues()).hasSize(1);
        h.processElement(scalar("slow", T0 + 5000, 9)); // the stalled backlog: [0, 10) fires again
        assertThat(h.getSideOutput(FeatureJob.LATE)).isNullOrEmpty();
        h.setProcessingTime(60_000); // the allowed lateness after the idle fire has passed
        h.processElement(scalar("slow", T0 + 6000, 9)); // now late
        assertThat(h.getSideOutput(FeatureJob.LATE)).hasSize(1);
        h.processElement(scalar("slow", T0 + 31_000, 4)); // the asset's clock passes [20, 30): it fires once
        assertThat(h.extractOutputValues())
                .extracting(Features::windowStart, Features::readingCount)
                .containsExactly(tuple(T0, 1), tuple(T0, 2), tuple(T0 + 20_000, 2));
        h.close();
    }

    @Test
    void aTimerSetBeforeMoreInputWaitsForTheWholeIdleBound() throws Exception {
        var h = harness(
                config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(30)), null);
        h.setProcessingTime(0);
        h.processElement(scalar("a", T0, 1));
        h.setProcessingTime(20_000);
        h.processElement(scalar("a", T0 + 1000, 2)); // active again: the bound counts from here
        h.setProcessingTime(30_000);
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        h.setProcessingTime(50_000);
        assertThat(h.extractOutputValues()).extracting(Features::readingCount).containsExactly(2);
        assertThat(h.numProcessingTimeTimers()).isZero(); // none until the asset sends again
        h.close();
    }

    @Test
    void clocksWindowsAndTimersSurviveSnapshotAndRestore() throws Exception {
        FeatureJobConfig c =
                config(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(30));
        var h = harness(c, null);
        h.setProcessingTime(0);
        h.processElement(scalar("a", T0 + 1000, 1));
        h.processElement(waveform("a", T0 + 2000, new float[] {1, -1, 2, -2}));
        h.processElement(scalar("b", T0 + 25_000, 1)); // b's clock is 24 s - 1 ms
        h.processElement(scalar("c", T0 + 3000, 1)); // c: only its idle timer will close it
        var snapshot = h.snapshot(1, 1); // window state goes through AccumulatorSerializer
        h.close();

        var restored = harness(c, snapshot);
        restored.setProcessingTime(10_000);
        restored.processElement(scalar("a", T0 + 3000, 3));
        restored.processElement(scalar("b", T0 + 15_000, 1)); // b's restored clock says: late
        restored.processElement(scalar("a", T0 + 11_000, 0)); // closes a's [0, 10)
        Features a = of(restored.extractOutputValues(), "a").get(0);
        assertThat(a.readingCount()).isEqualTo(3);
        assertThat(a.features().get("temp.mean")).isEqualTo(2.0);
        assertThat(a.features().get("vib.rms")).isCloseTo(Math.sqrt(2.5), within(1e-9));
        assertThat(restored.getSideOutput(FeatureJob.LATE))
                .extracting(r -> r.getValue().asset())
                .containsExactly("b");
        restored.setProcessingTime(30_000); // c's restored idle timer fires
        assertThat(of(restored.extractOutputValues(), "c"))
                .extracting(Features::readingCount)
                .containsExactly(1);
        restored.close();
    }
}
