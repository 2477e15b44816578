package io.pdm.launcher;

import io.pdm.embedded.DirLock;
import io.pdm.embedded.PortHolders;
import io.pdm.inference.service.WriterSettings;
import io.pdm.launcher.model.PumpBaseModel;
import io.pdm.launcher.model.PumpWriterModel;
import io.pdm.schemas.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pdm demo}: the whole platform in this JVM on embedded components, fed by the fleet simulator or C-MAPSS. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Runs MQTT broker, Kafka, Flink (one job per plant), PostgreSQL, ingest and a data source in one JVM.")
public final class DemoCommand implements Callable<Integer> {
    public enum Source {
        simulator,
        cmapss
    }

    /** How the simulator stamps its readings. */
    public enum Clock {
        /** The current time: the simulation starts now and runs at real time, as a plant's devices do. */
        now,
        /** Simulated history: it starts in the past and runs at {@code --speed}, catching up with now. */
        replay
    }

    @Option(names = "--duration", description = "Stop after this long (e.g. 60s, 5m); default: run until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--plants",
            defaultValue = "3",
            description = "Number of simulated plants (default ${DEFAULT-VALUE}).")
    int plants;

    @Option(
            names = "--assets",
            defaultValue = "4",
            description = "Assets per simulated plant (default ${DEFAULT-VALUE}).")
    int assets;

    @Option(
            names = "--speed",
            defaultValue = "1",
            description = "Simulated seconds per wall-clock second (default ${DEFAULT-VALUE}); above 1 the"
                    + " simulator replays history (--clock replay), e.g. 60 for a pump life in minutes.")
    double speed;

    @Option(
            names = "--clock",
            description = "now: readings stamped with the current time at real time (the default at --speed 1);"
                    + " replay: simulated history from the past at --speed, ending about now (the default above 1).")
    Clock clock;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--malformed",
            defaultValue = "0.002",
            description =
                    "Fraction of snapshots followed by a malformed message, to show the dead-letter path (default ${DEFAULT-VALUE}).")
    double malformed;

    @Option(
            names = "--source",
            defaultValue = "simulator",
            description = "simulator or cmapss (default ${DEFAULT-VALUE}).")
    Source source;

    @Option(
            names = "--cmapss-dir",
            defaultValue = "../shared/data/cmapss",
            description = "C-MAPSS directory for --source cmapss.")
    Path cmapssDir;

    @Option(
            names = "--subset",
            defaultValue = "FD001",
            description = "C-MAPSS subset for --source cmapss (default ${DEFAULT-VALUE}).")
    String subset;

    @Option(
            names = "--window-size",
            defaultValue = "60s",
            description = "Feature window size in event time (default ${DEFAULT-VALUE}).")
    Duration windowSize;

    @Option(names = "--window", hidden = true, description = "Deprecated: --window-size.")
    Duration deprecatedWindow;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            description =
                    "Keep broker, Kafka and PostgreSQL data here; default: a temporary directory removed at exit.")
    Path dataDir;

    @Option(names = "--mqtt-port", defaultValue = "1883")
    int mqttPort;

    @Option(names = "--kafka-port", defaultValue = "9092")
    int kafkaPort;

    @Option(names = "--pg-port", defaultValue = "5432")
    int pgPort;

    @Option(names = "--flink-port", defaultValue = "8081")
    int flinkPort;

    @Option(names = "--rest-port", defaultValue = "" + Settings.DEFAULT_REST_PORT)
    int restPort;

    @Option(
            names = "--pump-base",
            description = "Pump base model directory for remaining-life scoring (default: none; the pumps are watched"
                    + " against their own baseline and the type's limits).")
    Path pumpBase;

    @Option(
            names = "--writer",
            defaultValue = "local",
            description = "Alert text writer: template, or local: the in-process model of --writer-model DIR, or"
                    + " without it the demo's own slot writer, trained on the pump base's simulated lives on first use"
                    + " (about 2 minutes) and cached; the template where there is no pump base. Every text is checked"
                    + " and the template replaces one that fails (default ${DEFAULT-VALUE}).")
    String writer;

    @Option(names = "--writer-model", description = "Checkpoint directory of the local writer.")
    Path writerModel;

    @Option(
            names = "--asset-type",
            split = ",",
            description = "Asset types besides the simulator's pump set (built-in ids or files), for devices you"
                    + " connect to the demo's broker; map your assets to them with --asset-map.")
    List<String> assetTypes;

    @Option(
            names = "--asset-map",
            description = "Which asset is which type (a file with default/assets/patterns; default: every asset is"
                    + " a pump set). See assets/README.md.")
    Path assetMap;

    @Option(
            names = "--no-model",
            description = "Do not pretrain or load the pump base model: watch the pumps' condition only.")
    boolean noModel;

    @Option(
            names = "--model-cache",
            defaultValue = "${env:PDM_MODEL_CACHE:-${sys:user.home}/.cache/pdm/models}",
            description =
                    "Where base models pretrained on first use are kept (PDM_MODEL_CACHE, default ${DEFAULT-VALUE}).")
    Path modelCache;

    @Option(
            names = "--free-ports",
            description =
                    "Use a free port for every port that is taken (default: refuse to start and name the holder).")
    boolean freePorts;

    @Option(
            names = "--progress-every",
            defaultValue = "2s",
            description = "Interval of the live progress line (default ${DEFAULT-VALUE}).")
    Duration progressEvery;

    DemoSettings settings() {
        Duration window = DeprecatedOptions.resolve(spec, "--window", "--window-size", windowSize);
        return new DemoSettings(
                new Infrastructure.Settings(
                        mqttPort, kafkaPort, pgPort, flinkPort, plantsCount() + 1, dataDir, freePorts),
                plantIds(),
                assets,
                speed,
                clock(),
                seed,
                malformed,
                source,
                cmapssDir,
                subset,
                window,
                restPort,
                duration,
                new DemoInference.Options(
                        pumpBase, writerSettings(), assetTypes == null ? List.of() : assetTypes, assetMap));
    }

    /** The template until {@link #call} has the demo's own writer, when {@code local} names no checkpoint. */
    private WriterSettings writerSettings() {
        try {
            WriterSettings.Kind kind = WriterSettings.Kind.parse(writer);
            if (kind == WriterSettings.Kind.LOCAL && writerModel == null) return WriterSettings.template();
            return localOr(kind, writerModel);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static WriterSettings localOr(WriterSettings.Kind kind, Path model) {
        return new WriterSettings(kind, model, false, null, null, null, Duration.ofSeconds(10));
    }

    /** {@code --writer local} without a checkpoint: the demo's own slot writer, trained on first use and cached. */
    private boolean ownWriter() {
        return WriterSettings.Kind.parse(writer) == WriterSettings.Kind.LOCAL && writerModel == null;
    }

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = settings();
        if (settings.pumpBase() == null && !noModel && source == Source.simulator) {
            // First use pretrains the pump base on simulated lives (minutes, with progress); later runs load the cache.
            settings = settings.withPumpBase(PumpBaseModel.ensure(modelCache, System.out));
        }
        if (ownWriter()) {
            if (settings.pumpBase() != null) {
                Path own = PumpWriterModel.ensure(modelCache, settings.pumpBase(), System.out);
                settings = settings.withWriter(localOr(WriterSettings.Kind.LOCAL, own));
            } else {
                System.out.println("alert writer: template (the demo's own writer is trained with the pump base)");
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean();
        DemoRuntime demo;
        try {
            demo = DemoRuntime.start(settings, System.out);
        } catch (PortHolders.PortTakenException | DirLock.InUseException e) {
            System.err.println("pdm demo: " + e.getMessage());
            return 2;
        }
        Runnable shutdown = () -> {
            if (closing.compareAndSet(false, true)) {
                System.out.println();
                System.out.println("stopping ...");
                System.out.println(demo.closeAndSummarize());
            }
            stopped.countDown();
        };
        Thread hook = new Thread(shutdown, "pdm-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(demo.connectionInfo());

        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        StageCounts last = StageCounts.ZERO;
        long lastAt = System.nanoTime();
        while (System.nanoTime() < deadline && !closing.get()) {
            long wait = Math.min(progressEvery.toNanos(), Math.max(0, deadline - System.nanoTime()));
            if (stopped.await(wait, TimeUnit.NANOSECONDS)) break;
            StageCounts now = demo.counts();
            long at = System.nanoTime();
            System.out.println(Durations.format(demo.uptime()) + "  " + now.progressLine(last, (at - lastAt) / 1e9));
            last = now;
            lastAt = at;
        }
        shutdown.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // JVM already shutting down (Ctrl-C): the hook did the work
        }
        return 0;
    }

    /** {@code --clock now} cannot run faster than the clock: the readings would lie in the future. */
    Clock clock() {
        if (clock == null) return speed == 1 ? Clock.now : Clock.replay;
        if (clock == Clock.now && speed != 1)
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--clock now runs at real time; --speed " + speed
                            + " needs --clock replay (simulated history that ends about now)");
        return clock;
    }

    private int plantsCount() {
        return source == Source.cmapss ? 1 : plants;
    }

    private List<String> plantIds() {
        if (source == Source.cmapss) return List.of("plant-" + subset.toLowerCase());
        return java.util.stream.IntStream.range(0, plants)
                .mapToObj(i -> "plant-" + (char) ('a' + i % 26) + (i >= 26 ? String.valueOf(i / 26) : ""))
                .toList();
    }
}
