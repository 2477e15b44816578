package io.pdm.launcher;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.embedded.FreePorts;
import io.pdm.embedded.LocalPostgres;
import io.pdm.schemas.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The embedded default's infrastructure in this JVM: an MQTT broker, a Kafka broker, a PostgreSQL
 * server and a Flink MiniCluster. Started in dependency order, closed in reverse.
 */
public final class Infrastructure implements AutoCloseable {
    /** Requested ports (0 = any free port; a taken port falls back to a free one) and where data lives. */
    public record Settings(int mqttPort, int kafkaPort, int postgresPort, int flinkPort, int flinkSlots, Path dataDir) {
        Path sub(String name) {
            return dataDir == null ? null : dataDir.resolve(name);
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    public final EmbeddedMqttBroker mqtt;
    public final EmbeddedKafka kafka;
    public final LocalPostgres postgres;
    public final EmbeddedFlink flink;

    private Infrastructure(Settings s, PrintStream log) throws Exception {
        try {
            log.println("starting MQTT broker (HiveMQ CE) ...");
            mqtt = push(EmbeddedMqttBroker.builder()
                    .port(port(s.mqttPort()))
                    .dataDir(s.sub("mqtt"))
                    .build()
                    .start());
            log.println("starting Kafka broker (KRaft, in-process) ...");
            kafka = push(EmbeddedKafka.builder()
                    .port(port(s.kafkaPort()))
                    .dataDir(s.sub("kafka"))
                    .build()
                    .start());
            log.println("starting PostgreSQL ...");
            postgres = push(LocalPostgres.builder()
                    .port(port(s.postgresPort()))
                    .dataDir(s.sub("postgres"))
                    // closed by us, after the demo drained; not by the server's own JVM hook
                    .stopOnJvmExit(false)
                    .build()
                    .start());
            log.println("starting Flink MiniCluster ...");
            flink = push(new EmbeddedFlink(port(s.flinkPort()), s.flinkSlots()));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    public static Infrastructure start(Settings settings, PrintStream log) throws Exception {
        return new Infrastructure(settings, log);
    }

    /** The requested port, or a free one when it is 0 or already taken (a demo should start anyway). */
    static int port(int requested) {
        return requested > 0 && !FreePorts.isListening(requested) ? requested : FreePorts.find();
    }

    private <T extends AutoCloseable> T push(T component) {
        started.push(component);
        return component;
    }

    /** Creates every topic of the given plants (the broker allows auto-creation, but partitions should be chosen). */
    public void createPlantTopics(List<String> plants, int partitions) {
        List<String> names = new ArrayList<>();
        for (String plant : plants) {
            for (Topics.Stream stream : Topics.Stream.values()) names.add(stream.topic(plant));
        }
        kafka.createTopics(partitions, names.toArray(String[]::new));
    }

    /** Database name of a plant: each plant keeps its data in its own database. */
    public static String databaseOf(String plant) {
        return "pdm_" + plant.replace('-', '_');
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
