package io.pdm.alerting.topology;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.AlertLifecycle;
import io.pdm.alerting.lifecycle.Fingerprints;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One plant's topology under {@link TopologyTestDriver}, with the inputs a test writes (candidates as inference
 * encodes them, commands as JSON) and the outputs it reads. Wall-clock time starts at {@link #START} and moves only
 * when the test says so.
 */
final class Plant implements AutoCloseable {
    static final String PLANT = "plant-a";
    static final Instant START = Instant.parse("2026-12-05T08:00:00Z");
    static final AvroCodec<AlertRecord> CANDIDATES = AvroCodec.of(AlertRecord.class);

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> alerts, commands;
    final TestOutputTopic<String, byte[]> events, states, dlq;
    private final Path stateDir;
    private int commandCount;

    Plant(LifecycleSettings settings) {
        this(settings, 1);
    }

    /**
     * @param partitions the lifecycle's partitions; the driver reads everything from partition 0, so with more than
     *                   one the inputs of assets that hash elsewhere are misrouted and cross the repartition topic
     */
    Plant(LifecycleSettings settings, int partitions) {
        this(settings, partitions, true, false);
    }

    /** In-memory stores, with or without the topology's shortcuts (ReplayEquivalenceTest: long runs, fast). */
    static Plant inMemory(LifecycleSettings settings, int partitions, boolean reference) {
        return new Plant(settings, partitions, false, reference);
    }

    /** @param reference the topology without its shortcuts (ReplayEquivalenceTest's reference) */
    private Plant(LifecycleSettings settings, int partitions, boolean persistent, boolean reference) {
        try {
            stateDir = Files.createTempDirectory("pdm-alerting-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pdm." + PLANT + ".alerting");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                AlertingTopology.build(
                        PLANT,
                        new AlertLifecycle(settings),
                        AssetCatalogue.builtIn(),
                        persistent,
                        partitions,
                        reference),
                p,
                START);
        alerts = driver.createInputTopic(Topics.alerts(PLANT), new StringSerializer(), new ByteArraySerializer());
        commands =
                driver.createInputTopic(Topics.alertCommands(PLANT), new StringSerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic(
                Topics.maintenanceEvents(PLANT), new StringDeserializer(), new ByteArrayDeserializer());
        states = driver.createOutputTopic(
                Topics.alertsState(PLANT), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(Topics.dlq(PLANT), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Defaults, but announced at once (no fleeting hold), so most tests need not move the clock to see a raise. */
    static Plant immediate() {
        return new Plant(LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO));
    }

    static String fp(String asset, String kind, String mode) {
        return Fingerprints.of(PLANT, asset, kind, mode);
    }

    void candidate(String asset, String kind, String mode, String state, int severity, Instant at) {
        alerts.pipeInput(asset, CANDIDATES.encode(record(asset, kind, mode, state, severity, at)));
    }

    static AlertRecord record(String asset, String kind, String mode, String state, int severity, Instant at) {
        String sheet = "{\"reason\":\"vibration above its limit\",\"measurements\":[{\"channel\":\"vibration.rms\","
                + "\"value\":7.4,\"unit\":\"mm/s\",\"time\":\"" + at + "\",\"limit\":7.1,\"zone\":\"C\","
                + "\"standard\":\"ISO 20816-3:2022\"},{\"channel\":\"temperature_c.mean\",\"value\":71.5,\"unit\":\"C\","
                + "\"time\":\"" + at + "\",\"limit\":\"NaN\"}]}";
        return AlertRecord.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes((asset + kind + mode + state + at).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setFingerprint(fp(asset, kind, mode))
                .setPlant(PLANT)
                .setAsset(asset)
                .setAssetType("pump-set")
                .setKind(kind)
                .setFailureMode(mode)
                .setState(state)
                .setSeverity(severity)
                .setOccurredAt(at)
                .setRemainingLife(new RemainingLife(96.0, 60.0, 130.0, 0.9, "HOUR", "split-conformal"))
                .setHealthStage("DEGRADING")
                .setBaseModel("ab".repeat(32))
                .setAdapterVersion(4L)
                .setTitle(asset + ": bearing wear, about 96 h of life left")
                .setText("Bearing wear on " + asset + ": vibration 7.4 mm/s (zone C). About 96 h left (90 % interval"
                        + " 60-130 h); plan a bearing change before then. Similar: WO-1041.")
                .setWriter("template")
                .setGrounded(true)
                .setCitedLogs(List.of("WO-1041"))
                .setFactSheet(sheet)
                .build();
    }

    /**
     * Sends a command (JSON without commandId and at: they are added). No key: the topology goes by the asset in the
     * command and the partition it arrived on, never by the key.
     */
    String command(String json) {
        commandCount++;
        String id = "cmd-" + commandCount;
        String full = "{\"commandId\":\"" + id + "\",\"at\":\"" + now() + "\"," + json.substring(1);
        commands.pipeInput((String) null, full.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    void rawCommand(String json) {
        commands.pipeInput((String) null, json.getBytes(StandardCharsets.UTF_8));
    }

    Instant now() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    void advance(Duration d) {
        elapsed = elapsed.plus(d);
        driver.advanceWallClockTime(d);
    }

    List<CloudEvent> events() {
        List<CloudEvent> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : events.readRecordsToList()) out.add(MaintenanceEvents.parse(r.value()));
        return out;
    }

    static List<String> types(List<CloudEvent> events) {
        return events.stream()
                .map(e -> e.getType().substring("io.pdm.alert.".length()))
                .toList();
    }

    /** The latest published state per read, in order (null = tombstone). */
    List<TestRecord<String, byte[]>> stateRecords() {
        return states.readRecordsToList();
    }

    AlertState state(String fingerprint) {
        var store = driver.<String, AlertState>getKeyValueStore(AlertingTopology.ALERTS);
        return store.get(fingerprint);
    }

    static AlertState parse(byte[] json) {
        try {
            return AlertJson.state(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Letter(String reason, String detail, DeadLetterRecord record) {}

    List<Letter> deadLetters() {
        List<Letter> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : dlq.readRecordsToList()) {
            out.add(new Letter(
                    header(r, Topics.HEADER_REASON),
                    header(r, Topics.HEADER_DETAIL),
                    AvroCodec.of(DeadLetterRecord.class).decode(r.value())));
        }
        return out;
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            io.pdm.alerting.topology.TestDirs.delete(stateDir);
        }
    }
}
