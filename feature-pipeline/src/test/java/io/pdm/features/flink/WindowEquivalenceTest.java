package io.pdm.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.FeatureJob;
import io.pdm.features.FeatureJobConfig;
import io.pdm.features.records.Features;
import io.pdm.features.records.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On an in-order stream the per-asset windows produce exactly the features Flink's own event-time
 * window operator produced with one watermark for the whole job (the former wiring, rebuilt here
 * with {@link FeatureAggregate}): same windows, same values, bit for bit. The stream: the first 20
 * engines of C-MAPSS FD001 (24 channels, one cycle per second, engines interleaved as the replay
 * publishes them) plus a vibration block per engine every 5 s.
 */
class WindowEquivalenceTest {
    static final long T0 = 1_764_000_000_000L;
    static final int ENGINES = 20;

    @ParameterizedTest
    @ValueSource(strings = {"60s/10s", "10s/10s", "30s/7s"})
    void perAssetWindowsMatchTheGlobalWatermarkWindowsOnInOrderInput(String window) throws Exception {
        String[] w = window.split("/");
        FeatureJobConfig c = FeatureJobConfig.defaults("plant-eq", "unused:9092")
                .withWindow(FeatureJobConfig.parseDuration(w[0]), FeatureJobConfig.parseDuration(w[1]))
                .withWatermarks(Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(30));
        List<Observation> stream = cmapssStream();

        var reference = new KeyedOneInputStreamOperatorTestHarness<>(
                globalWatermarkWindows(c), Observation::asset, Types.STRING);
        reference.open();
        long maxTs = Long.MIN_VALUE, wm = Long.MIN_VALUE;
        for (Observation o : stream) {
            reference.processElement(new StreamRecord<>(o, o.reading().ts()));
            maxTs = Math.max(maxTs, o.reading().ts());
            long next = maxTs - c.maxOutOfOrderness().toMillis() - 1; // BoundedOutOfOrdernessWatermarks
            if (next > wm) reference.processWatermark(wm = next);
        }
        reference.processWatermark(Long.MAX_VALUE);

        var perAsset = new KeyedOneInputStreamOperatorTestHarness<>(
                AssetWindowsTest.factory(c), Observation::asset, Types.STRING);
        perAsset.open();
        for (Observation o : stream)
            perAsset.processElement(new StreamRecord<>(o, o.reading().ts()));
        perAsset.processWatermark(Long.MAX_VALUE);

        List<Features> expected = sorted(reference.extractOutputValues());
        List<Features> actual = sorted(perAsset.extractOutputValues());
        assertThat(expected).hasSizeGreaterThan(ENGINES * 10);
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(reference.getSideOutput(FeatureJob.LATE)).isNullOrEmpty();
        assertThat(perAsset.getSideOutput(FeatureJob.LATE)).isNullOrEmpty();
        reference.close();
        perAsset.close();
    }

    /** The job's former window operator: Flink's keyed event-time windows on the job's watermark. */
    static StreamOperatorFactory<Features> globalWatermarkWindows(FeatureJobConfig c) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Observation sample = new Observation(Reading.scalar("p", "a", 0, 0, new String[0], new double[0]), null);
        var windowed = env.fromData(List.of(sample))
                .keyBy(Observation::asset, Types.STRING)
                .window(
                        c.tumbling()
                                ? TumblingEventTimeWindows.of(c.windowSize())
                                : SlidingEventTimeWindows.of(c.windowSize(), c.windowSlide()))
                .allowedLateness(c.allowedLateness())
                .sideOutputLateData(FeatureJob.LATE)
                .aggregate(
                        new FeatureAggregate(c.ewmaAlpha()),
                        new FeatureAggregate.Emit(c.plant()),
                        AccumulatorSerializer.TYPE,
                        AccumulatorSerializer.TYPE,
                        TypeInformation.of(Features.class));
        @SuppressWarnings("unchecked")
        var t = (OneInputTransformation<Observation, Features>) windowed.getTransformation();
        return t.getOperatorFactory();
    }

    static List<Features> sorted(List<Features> out) {
        List<Features> s = new ArrayList<>(out);
        s.sort(Comparator.comparing(Features::asset).thenComparingLong(Features::windowStart));
        return s;
    }

    /** Step k carries cycle k of every engine still running, as the C-MAPSS replay publishes. */
    static List<Observation> cmapssStream() throws IOException {
        Path file = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss", "train_FD001.txt");
        TreeMap<Integer, List<double[]>> engines = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            int unit = Integer.parseInt(f[0]);
            if (unit > ENGINES) continue;
            double[] row = new double[f.length - 2];
            for (int i = 2; i < f.length; i++) row[i - 2] = Double.parseDouble(f[i]);
            engines.computeIfAbsent(unit, u -> new ArrayList<>()).add(row);
        }
        String[] channels = new String[24];
        for (int i = 0; i < 3; i++) channels[i] = "setting" + (i + 1);
        for (int i = 3; i < 24; i++) channels[i] = "s" + (i - 2);
        Summarize summarize = new Summarize(8);
        Random rnd = new Random(14);
        List<Observation> out = new ArrayList<>();
        int longest = engines.values().stream().mapToInt(List::size).max().orElseThrow();
        for (int k = 0; k < longest; k++) {
            for (var e : engines.entrySet()) {
                if (k >= e.getValue().size()) continue;
                String asset = String.format("engine-%03d", e.getKey());
                long ts = T0 + k * 1000L + e.getKey(); // a few ms apart per engine
                Reading r = Reading.scalar(
                        "plant-eq", asset, ts, ts, channels, e.getValue().get(k));
                out.add(new Observation(r, null));
                if (k % 5 == 0) {
                    float[] x = new float[256];
                    for (int i = 0; i < x.length; i++)
                        x[i] = (float) (Math.sin(2 * Math.PI * 50 * i / 2560.0) + 0.1 * rnd.nextGaussian());
                    out.add(summarize.map(Reading.waveform("plant-eq", asset, ts + 1, ts + 1, "vib", 2560, x)));
                }
            }
        }
        return out;
    }
}
