package io.pdm.alerting.topology;

import io.pdm.alerting.lifecycle.AlertLifecycle;
import io.pdm.alerting.lifecycle.AssetCondition;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.lifecycle.Silence;
import io.pdm.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * One plant's alert lifecycle:
 *
 * <pre>
 * pdm.{plant}.alerts.v1 ─────────► decode ─┐ (on its asset's partition) ┌► lifecycle ─┬► pdm.{plant}.maintenance-events.v1
 * pdm.{plant}.alert-commands.v1 ─► decode ─┼────────────────────────────┤  (stores:   ├► pdm.{plant}.alerts-state.v1
 *                                          └► by-asset repartition ─────┘   alerts,    └► pdm.{plant}.dlq.v1
 *        (malformed ─► pdm.{plant}.dlq.v1)  (misrouted inputs, silences)    silences, assets)
 * </pre>
 *
 * Both input topics are keyed by the asset and so co-partitioned by Kafka's default partitioner: the task that reads
 * an input owns its asset (every alert of the asset, racing candidates of a fingerprint applied in order, inhibition
 * inside the task) and applies it at once, one exactly-once transaction from input to event. Only an input on another
 * partition, and every silence (all tasks hold all silences), crosses the {@code by-asset} repartition topic, which
 * has the alerts topic's partition count. Run with {@code processing.guarantee=exactly_once_v2}.
 */
public final class AlertingTopology {
    public static final String ALERTS = "alerts";
    public static final String SILENCES = "silences";
    public static final String ASSETS = "asset-conditions";

    private AlertingTopology() {}

    /** One partition: what TopologyTestDriver reads from (every input is on its asset's partition). */
    public static Topology build(String plant, LifecycleSettings settings, AssetCatalogue catalogue) {
        return build(plant, settings, catalogue, true, 1);
    }

    public static Topology build(
            String plant, LifecycleSettings settings, AssetCatalogue catalogue, boolean persistent) {
        return build(plant, settings, catalogue, persistent, 1);
    }

    /**
     * @param persistent RocksDB stores (the service); false keeps them in memory, still backed by changelogs. Only the
     *                   bench's TopologyTestDriver run uses that: the driver commits after every record, and a RocksDB
     *                   flush plus checkpoint fsync per record would measure the disk, not the topology.
     * @param partitions the partitions of the plant's alerts topic: an asset's task is its key's partition among them
     */
    public static Topology build(
            String plant, LifecycleSettings settings, AssetCatalogue catalogue, boolean persistent, int partitions) {
        return build(plant, new AlertLifecycle(settings), catalogue, persistent, partitions);
    }

    /** With the rules given (the service's follows a reloaded escalation list). */
    public static Topology build(
            String plant, AlertLifecycle lifecycle, AssetCatalogue catalogue, boolean persistent, int partitions) {
        return build(plant, lifecycle, catalogue, persistent, partitions, false);
    }

    /**
     * @param reference without the shortcuts that must decide exactly as the plain code does (the sheet's fast check,
     *                  remembered suppression answers, the decoders' named children): what the replay tests compare
     *                  the topology with
     */
    static Topology build(
            String plant,
            AlertLifecycle lifecycle,
            AssetCatalogue catalogue,
            boolean persistent,
            int partitions,
            boolean reference) {
        LifecycleSettings settings = lifecycle.settings();
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        StreamsBuilder b = new StreamsBuilder();
        java.util.function.Function<String, org.apache.kafka.streams.state.KeyValueBytesStoreSupplier> store =
                persistent ? Stores::persistentKeyValueStore : Stores::inMemoryKeyValueStore;
        b.addStateStore(Stores.keyValueStoreBuilder(store.apply(ALERTS), Serdes.String(), AlertStates.SERDE));
        b.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(SILENCES), Serdes.String(), JsonSerde.of(Silence.class)));
        b.addStateStore(
                Stores.keyValueStoreBuilder(store.apply(ASSETS), Serdes.String(), JsonSerde.of(AssetCondition.class)));

        String candidatesTopic = Topics.alerts(plant), commandsTopic = Topics.alertCommands(plant);
        Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
        Wiring.Inputs toCandidates = reference ? null : Wiring.CANDIDATES,
                toCommands = reference ? null : Wiring.COMMANDS;
        KStream<String, Routed> candidates = b.stream(candidatesTopic, raw.withName("candidates"))
                .process(
                        () -> new Decode(
                                plant, Routed.Kind.CANDIDATE, candidatesTopic, partitions, toCandidates, reference),
                        Named.as("decode-candidates"));
        KStream<String, Routed> commands = b.stream(commandsTopic, raw.withName("commands"))
                .process(
                        () -> new Decode(plant, Routed.Kind.COMMAND, commandsTopic, partitions, toCommands, reference),
                        Named.as("decode-commands"));
        Produced<String, byte[]> bytes = Produced.with(Serdes.String(), Serdes.ByteArray());
        KStream<String, Routed> owned = reference
                ? filtered(plant, candidates, commands, partitions, bytes)
                : named(plant, candidates, commands, partitions, bytes);
        KStream<String, byte[]> out = owned.process(
                () -> new LifecycleProcessor(plant, lifecycle, catalogue, reference),
                Named.as("lifecycle"),
                ALERTS,
                SILENCES,
                ASSETS);
        out.to(Topics.maintenanceEvents(plant), bytes.withName(Wiring.EVENTS));
        out.to(Topics.alertsState(plant), bytes.withName(Wiring.STATES));
        out.to(Topics.dlq(plant), bytes.withName(Wiring.REJECTED));
        return b.build();
    }

    /**
     * The decoders forward each input to one named child ({@link Wiring}): a candidate on its asset's partition goes
     * decode → {@code owned} → lifecycle, with no filter on the way.
     */
    private static KStream<String, Routed> named(
            String plant,
            KStream<String, Routed> candidates,
            KStream<String, Routed> commands,
            int partitions,
            Produced<String, byte[]> bytes) {
        candidates
                .mapValues(Routed::payload, Named.as(Wiring.CANDIDATES.refused()))
                .to(Topics.dlq(plant), bytes.withName("dlq-" + Wiring.CANDIDATES.refused()));
        commands.mapValues(Routed::payload, Named.as(Wiring.COMMANDS.refused()))
                .to(Topics.dlq(plant), bytes.withName("dlq-" + Wiring.COMMANDS.refused()));
        KStream<String, Routed> rerouted =
                candidates.merge(commands, Named.as(Wiring.MISROUTED)).repartition(byAsset(partitions));
        return candidates.merge(
                commands.merge(rerouted, Named.as(Wiring.COMMANDS.inPlace())), Named.as(Wiring.CANDIDATES.inPlace()));
    }

    /**
     * The wiring before the seventh session: every input passes a merge and two pairs of filters that pick its way.
     * Kept for the replay tests, which hold the named wiring to it record for record.
     */
    private static KStream<String, Routed> filtered(
            String plant,
            KStream<String, Routed> candidates,
            KStream<String, Routed> commands,
            int partitions,
            Produced<String, byte[]> bytes) {
        KStream<String, Routed> inputs = candidates.merge(commands, Named.as("inputs"));
        inputs.filter((k, v) -> v.kind() == Routed.Kind.DEAD_LETTER, Named.as("refused"))
                .mapValues(Routed::payload, Named.as("refused-letters"))
                .to(Topics.dlq(plant), bytes.withName("dlq-refused"));
        KStream<String, Routed> accepted =
                inputs.filter((k, v) -> v.kind() != Routed.Kind.DEAD_LETTER, Named.as("accepted"));
        KStream<String, Routed> rerouted =
                accepted.filter((k, v) -> v.reroute(), Named.as("misrouted")).repartition(byAsset(partitions));
        return accepted.filter((k, v) -> !v.reroute(), Named.as("in-place")).merge(rerouted, Named.as("owned"));
    }

    /** The {@code by-asset} repartition topic: its name is the internal topic's, which upgrades depend on. */
    private static Repartitioned<String, Routed> byAsset(int partitions) {
        return Repartitioned.<String, Routed>as("by-asset")
                .withKeySerde(Serdes.String())
                .withValueSerde(Routed.SERDE)
                .withNumberOfPartitions(partitions)
                .withStreamPartitioner(Routed.BY_ASSET);
    }
}
