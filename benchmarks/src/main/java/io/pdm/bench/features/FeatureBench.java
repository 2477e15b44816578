package io.pdm.bench.features;

import io.pdm.features.FeatureJob;
import io.pdm.features.FeatureJobConfig;
import io.pdm.features.math.ScalarStats;
import io.pdm.features.math.WaveformAnalyzer;
import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the feature computation through the real job wiring ({@link FeatureJob#wire}) in
 * a local MiniCluster at parallelism 1, without Kafka: generated scalar snapshots and waveform
 * blocks, event-time windows, maintenance join, discarding sink. Reports per wall-second and per
 * CPU-second of the whole process (Flink runs source, window and sink in separate threads, so
 * "per core" is readings per CPU-second). Entry point for {@code pdm bench features}.
 */
public final class FeatureBench {
    private FeatureBench() {}

    /** What to run. Defaults: 60 s windows sliding by 10 s, 8 sensors per snapshot, 4096-sample blocks. */
    public record Options(
            long snapshots,
            int sensorsPerSnapshot,
            long blocks,
            int blockSize,
            int assets,
            Duration windowSize,
            Duration windowSlide) {
        public static Options defaults() {
            return new Options(2_000_000, 8, 48_000, 4096, 50, Duration.ofSeconds(60), Duration.ofSeconds(10));
        }

        public Options scaled(double f) {
            return new Options(
                    (long) (snapshots * f),
                    sensorsPerSnapshot,
                    (long) (blocks * f),
                    blockSize,
                    assets,
                    windowSize,
                    windowSlide);
        }
    }

    /**
     * One measurement: items (scalar readings or waveform samples) per wall-second and per CPU-second, and how many
     * feature records (one per asset and window) the job emitted, counted by a Flink accumulator at its output.
     */
    public record Throughput(long items, double wallSeconds, double cpuSeconds, long features) {
        public double perSecond() {
            return items / wallSeconds;
        }

        public double perCpuSecond() {
            return items / cpuSeconds;
        }
    }

    public record Result(
            Throughput scalarJob, Throughput waveformJob, double scalarMathPerSecond, double waveformMathPerSecond) {
        public String report() {
            return String.format(
                    Locale.ROOT,
                    "feature job (MiniCluster, parallelism 1, no Kafka):%n"
                            + "  scalar readings : %,.0f /s wall, %,.0f /s per core (CPU-s)  [goal 500,000]%n"
                            + "  waveform samples: %,.0f /s wall, %,.0f /s per core (CPU-s)  [goal 20,000,000]%n"
                            + "feature math alone (one thread):%n"
                            + "  scalar readings : %,.0f /s%n  waveform samples: %,.0f /s (moments + FFT bands)",
                    scalarJob.perSecond(),
                    scalarJob.perCpuSecond(),
                    waveformJob.perSecond(),
                    waveformJob.perCpuSecond(),
                    scalarMathPerSecond,
                    waveformMathPerSecond);
        }
    }

    public static Result run(Options o) throws Exception {
        runScalar(o.scaled(0.1)); // warm-up: JIT and class loading
        runWaveform(o.scaled(0.1));
        Throughput s = runScalar(o);
        Throughput w = runWaveform(o);
        return new Result(s, w, scalarMath(o), waveformMath(o));
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        if (args.length > 0) o = o.scaled(Double.parseDouble(args[0]));
        System.out.println(run(o).report());
    }

    static FeatureJobConfig config(Options o) {
        return FeatureJobConfig.defaults("bench", "unused:9092")
                .withWindow(o.windowSize(), o.windowSlide())
                .withWatermarks(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO)
                .withCheckpointInterval(Duration.ZERO);
    }

    static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false"); // fail loudly if anything falls back to Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.getConfig().enableObjectReuse();
        return env;
    }

    static final long T0 = 1_764_000_000_000L;

    static Throughput runScalar(Options o) throws Exception {
        StreamExecutionEnvironment env = env();
        final int assets = o.assets(), k = o.sensorsPerSnapshot();
        final String[] sensors = new String[k];
        for (int i = 0; i < k; i++) sensors[i] = "s" + i;
        final String[] assetIds = ids(assets);
        DataStream<Reading> readings = env.fromSequence(0, o.snapshots() - 1)
                .map(i -> {
                    double[] v = new double[k];
                    for (int j = 0; j < k; j++) v[j] = 20 + j + (i % 97) * 0.01;
                    long ts = T0 + (i / assets) * 10; // every asset at 100 Hz
                    return Reading.scalar("bench", assetIds[(int) (i % assets)], ts, ts, sensors, v);
                })
                .returns(Reading.class)
                .name("generate-snapshots")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Reading>forMonotonousTimestamps().withTimestampAssigner((r, t) -> r.ts()));
        return execute(env, o, readings, o.snapshots() * k);
    }

    static Throughput runWaveform(Options o) throws Exception {
        StreamExecutionEnvironment env = env();
        final int assets = o.assets(), n = o.blockSize();
        final double rate = 10_240;
        final long blockMs = Math.round(n * 1000 / rate);
        final String[] assetIds = ids(assets);
        final float[][] pool = new float[32][n]; // pre-generated blocks: the bench measures features, not sin()
        Random rnd = new Random(3);
        for (float[] b : pool) {
            for (int i = 0; i < n; i++)
                b[i] = (float) (Math.sin(2 * Math.PI * 157 * i / rate) + 0.3 * rnd.nextGaussian());
        }
        DataStream<Reading> readings = env.fromSequence(0, o.blocks() - 1)
                .map(i -> {
                    long ts = T0 + (i / assets) * blockMs;
                    return Reading.waveform(
                            "bench", assetIds[(int) (i % assets)], ts, ts, "vib", rate, pool[(int) (i & 31)]);
                })
                .returns(Reading.class)
                .name("generate-blocks")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Reading>forMonotonousTimestamps().withTimestampAssigner((r, t) -> r.ts()));
        return execute(env, o, readings, o.blocks() * n);
    }

    private static Throughput execute(
            StreamExecutionEnvironment env, Options o, DataStream<Reading> readings, long items) throws Exception {
        DataStream<MaintenanceLog> logs = env.fromSequence(0, 0)
                .filter(x -> false)
                .map(x -> (MaintenanceLog) null)
                .returns(MaintenanceLog.class);
        DataStream<DeadLetter> dead = env.fromSequence(0, 0)
                .filter(x -> false)
                .map(x -> (DeadLetter) null)
                .returns(DeadLetter.class);
        FeatureJob.Streams s = FeatureJob.wire(config(o), readings, logs, dead);
        s.features().map(new CountFeatures()).name("count-features").sinkTo(new DiscardingSink<>());
        s.late().sinkTo(new DiscardingSink<>());
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        JobExecutionResult r = env.execute("feature-bench");
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double net = r.getNetRuntime() / 1e3; // excludes MiniCluster start and stop
        double cpuShare = cpu * Math.min(1.0, net / wall);
        Long features = r.getAccumulatorResult(CountFeatures.ACCUMULATOR);
        return new Throughput(items, net, Math.max(cpuShare, 1e-9), features == null ? 0 : features);
    }

    /** Counts the job's feature records in a Flink accumulator, read back from the job's result. */
    static final class CountFeatures extends RichMapFunction<Features, Features> {
        static final String ACCUMULATOR = "features-emitted";

        @Override
        public Features map(Features features) {
            getRuntimeContext().getLongCounter(ACCUMULATOR).add(1L);
            return features;
        }
    }

    private static String[] ids(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = "asset-" + i;
        return ids;
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : System.nanoTime();
    }

    /** Scalar math alone: readings per second into ScalarStats. */
    static double scalarMath(Options o) {
        ScalarStats[] stats = new ScalarStats[o.sensorsPerSnapshot()];
        long n = o.snapshots() * o.sensorsPerSnapshot();
        double sink = 0;
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 2; rep++) { // first pass warms up
            t0 = System.nanoTime();
            for (int j = 0; j < stats.length; j++) stats[j] = new ScalarStats();
            for (long i = 0; i < o.snapshots(); i++) {
                for (int j = 0; j < stats.length; j++) stats[j].add(T0 + i * 10, j + (i % 97) * 0.01, 0.3);
            }
            for (ScalarStats s : stats) sink += s.slope() + s.std();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return sink == 42.4242 ? 0 : n / secs;
    }

    /** Waveform math alone: samples per second through moments and FFT bands. */
    static double waveformMath(Options o) {
        WaveformAnalyzer a = new WaveformAnalyzer(8);
        float[] x = new float[o.blockSize()];
        Random rnd = new Random(5);
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        double sink = 0;
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 2; rep++) {
            t0 = System.nanoTime();
            for (long b = 0; b < o.blocks(); b++) sink += a.analyze(x).rms();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return sink == 42.4242 ? 0 : o.blocks() * o.blockSize() / secs;
    }
}
