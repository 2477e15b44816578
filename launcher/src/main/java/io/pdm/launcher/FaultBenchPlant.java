package io.pdm.launcher;

import io.pdm.embedded.FreePorts;
import io.pdm.embedded.PortHolders;
import io.pdm.ingest.IngestService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The plant of {@link FaultBench} in a child JVM, for the faults that stop the whole process ({@code kill -9},
 * SIGTERM): HiveMQ with file persistence and the device gate, Kafka, PostgreSQL, the plant's Flink job and ingest on
 * one data directory and fixed ports, wired as {@code pdm demo --data-dir} wires them ({@link Infrastructure}). The
 * fault stops the child and starts it again on the same directory and ports, as a user would restart the demo.
 *
 * <p>The child prints {@code READY <jdbc url>} once devices are admitted; on SIGTERM it shuts the device gate, closes
 * ingest (which drains), then the infrastructure in reverse order, and prints {@code STOPPED}.
 */
final class FaultBenchPlant implements FaultBench.Plant {
    private static final long START_TIMEOUT_SECONDS = 240;

    private final Path dir;
    private final int mqttPort;
    private final int kafkaPort;
    private final int pgPort;
    private final PrintStream log;
    private Process process;
    private String jdbcUrl;
    private int runs;

    private FaultBenchPlant(Path dir, PrintStream log) {
        this.dir = dir;
        this.log = log;
        this.mqttPort = FreePorts.find();
        this.kafkaPort = FreePorts.find();
        this.pgPort = FreePorts.find();
    }

    static FaultBenchPlant start(Path dir, PrintStream log) throws Exception {
        FaultBenchPlant plant = new FaultBenchPlant(dir, log);
        plant.launch();
        return plant;
    }

    @Override
    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void inject(FaultBench.Fault fault, FaultBench.Options o) throws Exception {
        switch (fault) {
            case KILL_9 -> stop(true);
            case SIGTERM -> stop(false);
            default -> throw new IllegalArgumentException(fault + " is a fault of one component, not of the process");
        }
        awaitPortsFree();
        launch();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) stop(false);
    }

    private void launch() throws Exception {
        Path out = dir.resolve("plant-" + runs++ + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1536m",
                "-XX:+UseParallelGC",
                "-cp",
                System.getProperty("java.class.path"),
                FaultBenchPlant.class.getName(),
                dir.resolve("plant").toString(),
                "" + mqttPort,
                "" + kafkaPort,
                "" + pgPort));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String text = read(out);
            int ready = text.indexOf("READY ");
            if (ready >= 0 && text.indexOf('\n', ready) > 0) {
                jdbcUrl = text.substring(ready + 6, text.indexOf('\n', ready)).strip();
                log.println("plant process " + process.pid() + " ready (log " + out + ")");
                return;
            }
            if (!process.isAlive())
                throw new IllegalStateException("the plant process exited during start-up:\n" + text);
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the plant process was not ready in " + START_TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(200);
        }
    }

    private void stop(boolean kill) throws Exception {
        if (kill) process.destroyForcibly();
        else process.destroy();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the plant process did not stop on SIGTERM in 180 s");
        }
    }

    /** After {@code kill -9} PostgreSQL (a child of the plant) is stopped by its watchdog within seconds. */
    private void awaitPortsFree() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(PortHolders.isFree(mqttPort) && PortHolders.isFree(kafkaPort) && PortHolders.isFree(pgPort))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the plant's ports are still taken");
            Thread.sleep(250);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The child: args dataDir mqttPort kafkaPort pgPort. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Infrastructure infra = Infrastructure.start(
                new Infrastructure.Settings(
                        Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]),
                        0,
                        2,
                        dir,
                        false), // the same ports every run, or a loud failure: devices know only these
                System.out);
        String url = FaultBench.submitPlantJob(infra);
        IngestService ingest =
                IngestService.start(FaultBench.ingestConfig(infra.mqtt.url(), infra.kafka.bootstrapServers()));
        infra.mqtt.admitDevices();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("STOPPING");
                            infra.mqtt.refuseDevices(); // nothing acknowledged to devices from here on
                            ingest.close();
                            try {
                                infra.close();
                            } catch (Exception e) {
                                e.printStackTrace(System.out);
                            }
                            System.out.println("STOPPED");
                        },
                        "fault-plant-stop"));
        System.out.println("READY " + url);
        Thread.currentThread().join(); // until stopped
    }
}
