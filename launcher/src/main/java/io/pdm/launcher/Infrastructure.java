package io.pdm.launcher;

import io.pdm.embedded.DirLock;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.embedded.FreePorts;
import io.pdm.embedded.LocalPostgres;
import io.pdm.embedded.PortHolders;
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
    /**
     * Requested ports and where data lives. Port 0 means any free port. A taken port is refused with a
     * message naming its holder, unless {@code freePorts}: then a free port is used instead (devices
     * configured for the taken one would never reach the demo, so moving is opt-in).
     */
    public record Settings(
            int mqttPort,
            int kafkaPort,
            int postgresPort,
            int flinkPort,
            int flinkSlots,
            Path dataDir,
            boolean freePorts) {
        /** Any free port for a taken one, as tests want it. */
        public Settings(int mqttPort, int kafkaPort, int postgresPort, int flinkPort, int flinkSlots, Path dataDir) {
            this(mqttPort, kafkaPort, postgresPort, flinkPort, flinkSlots, dataDir, true);
        }

        Path sub(String name) {
            return dataDir == null ? null : dataDir.resolve(name);
        }
    }

    /** Client-id prefix of ingest: the only MQTT client the broker admits before ingest has subscribed. */
    public static final String INGEST_CLIENT_ID_PREFIX = "pdm-ingest";

    private final boolean freePorts;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    public final EmbeddedMqttBroker mqtt;
    public final EmbeddedKafka kafka;
    public final LocalPostgres postgres;
    public final EmbeddedFlink flink;

    private Infrastructure(Settings s, PrintStream log) throws Exception {
        this.freePorts = s.freePorts();
        // Check every port before starting anything: a refusal should not leave half a demo behind.
        int mqttPort = port(s.mqttPort(), "MQTT", "--mqtt-port");
        int kafkaPort = port(s.kafkaPort(), "Kafka", "--kafka-port");
        int pgPort = port(s.postgresPort(), "PostgreSQL", "--pg-port");
        int flinkPort = port(s.flinkPort(), "Flink web UI", "--flink-port");
        try {
            if (s.dataDir() != null) push(DirLock.acquire(s.dataDir(), "pdm demo")); // one demo per data dir
            log.println("starting MQTT broker (HiveMQ CE) ...");
            mqtt = push(EmbeddedMqttBroker.builder()
                    .port(mqttPort)
                    .dataDir(s.sub("mqtt"))
                    // with a data dir, sessions and queued messages survive a crash of this JVM
                    .filePersistence(s.dataDir() != null)
                    // devices wait until ingest's subscription exists (DemoRuntime admits them)
                    .refuseDevicesUntilAdmitted(INGEST_CLIENT_ID_PREFIX)
                    .build()
                    .start());
            log.println("starting Kafka broker (KRaft, in-process) ...");
            kafka = push(EmbeddedKafka.builder()
                    .port(kafkaPort)
                    .dataDir(s.sub("kafka"))
                    // a topic nothing reads must not appear by a typo'd plant: the demo creates its topics
                    .brokerProperty("auto.create.topics.enable", "false")
                    .build()
                    .start());
            log.println("starting PostgreSQL ...");
            postgres = push(LocalPostgres.builder()
                    .port(pgPort)
                    .dataDir(s.sub("postgres"))
                    // closed by us, after the demo drained; not by the server's own JVM hook
                    .stopOnJvmExit(false)
                    .build()
                    .start());
            log.println("starting Flink MiniCluster ...");
            flink = push(new EmbeddedFlink(flinkPort, s.flinkSlots()));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    public static Infrastructure start(Settings settings, PrintStream log) throws Exception {
        return new Infrastructure(settings, log);
    }

    /**
     * The requested port when it is free; a free port when 0 or (with {@code freePorts}) when taken;
     * otherwise a {@link PortHolders.PortTakenException} naming the port and the process holding it.
     * A negative port is returned as is (the component is disabled).
     */
    int port(int requested, String what, String option) {
        if (requested < 0) return requested;
        if (requested == 0) return FreePorts.find();
        if (PortHolders.isFree(requested)) return requested;
        if (freePorts) return FreePorts.find();
        PortHolders.requireFree(requested, what, option);
        return requested; // freed in the meantime
    }

    private <T extends AutoCloseable> T push(T component) {
        started.push(component);
        return component;
    }

    /** Creates every topic of the given plants and the fallback DLQ (the broker does not auto-create topics). */
    public void createPlantTopics(List<String> plants, int partitions) {
        List<String> names = new ArrayList<>();
        for (String plant : plants) {
            for (Topics.Stream stream : Topics.Stream.values()) names.add(stream.topic(plant));
        }
        // topic auto-creation is off: ingest's fallback DLQ (invalid or unknown plants) must exist too
        names.add(Topics.dlq(io.pdm.ingest.IngestConfig.builder().build().fallbackPlant()));
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
