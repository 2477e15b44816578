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
 * pdm.{plant}.alerts.v1 ─────────► decode ─┐                                      ┌► pdm.{plant}.maintenance-events.v1
 * pdm.{plant}.alert-commands.v1 ─► decode ─┴► by-asset repartition ─► lifecycle ─┼► pdm.{plant}.alerts-state.v1
 *                       (malformed ─► pdm.{plant}.dlq.v1)    (stores: alerts,     └► pdm.{plant}.dlq.v1
 *                                                             silences, assets)
 * </pre>
 *
 * The repartition topic is keyed by fingerprint and partitioned by asset, so one task owns every alert of an asset
 * (racing candidates of a fingerprint are applied in order; inhibition stays inside the task); silences go to every
 * partition. Run with {@code processing.guarantee=exactly_once_v2}.
 */
public final class AlertingTopology {
    public static final String ALERTS = "alerts";
    public static final String SILENCES = "silences";
    public static final String ASSETS = "asset-conditions";

    private AlertingTopology() {}

    public static Topology build(String plant, LifecycleSettings settings, AssetCatalogue catalogue) {
        return build(plant, settings, catalogue, true);
    }

    /**
     * @param persistent RocksDB stores (the service); false keeps them in memory, still backed by changelogs. Only the
     *                   bench's TopologyTestDriver run uses that: the driver commits after every record, and a RocksDB
     *                   flush plus checkpoint fsync per record would measure the disk, not the topology.
     */
    public static Topology build(
            String plant, LifecycleSettings settings, AssetCatalogue catalogue, boolean persistent) {
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
        KStream<String, Routed> candidates = b.stream(candidatesTopic, raw.withName("candidates"))
                .process(
                        () -> new Decode(plant, Routed.Kind.CANDIDATE, candidatesTopic), Named.as("decode-candidates"));
        KStream<String, Routed> commands = b.stream(commandsTopic, raw.withName("commands"))
                .process(() -> new Decode(plant, Routed.Kind.COMMAND, commandsTopic), Named.as("decode-commands"));
        KStream<String, Routed> inputs = candidates.merge(commands, Named.as("inputs"));

        Produced<String, byte[]> bytes = Produced.with(Serdes.String(), Serdes.ByteArray());
        inputs.filter((k, v) -> v.kind() == Routed.Kind.DEAD_LETTER, Named.as("refused"))
                .mapValues(Routed::payload, Named.as("refused-letters"))
                .to(Topics.dlq(plant), bytes.withName("dlq-refused"));

        AlertLifecycle lifecycle = new AlertLifecycle(settings);
        KStream<String, Out> out = inputs.filter((k, v) -> v.kind() != Routed.Kind.DEAD_LETTER, Named.as("accepted"))
                .repartition(Repartitioned.<String, Routed>as("by-asset")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Routed.SERDE)
                        .withStreamPartitioner(Routed.BY_ASSET))
                .process(
                        () -> new LifecycleProcessor(plant, lifecycle, catalogue),
                        Named.as("lifecycle"),
                        ALERTS,
                        SILENCES,
                        ASSETS);
        out.filter((k, v) -> v.kind() == Out.Kind.EVENT, Named.as("events"))
                .mapValues(Out::value, Named.as("event-bytes"))
                .to(Topics.maintenanceEvents(plant), bytes.withName("maintenance-events"));
        out.filter((k, v) -> v.kind() == Out.Kind.STATE, Named.as("states"))
                .mapValues(Out::value, Named.as("state-bytes"))
                .to(Topics.alertsState(plant), bytes.withName("alerts-state"));
        out.filter((k, v) -> v.kind() == Out.Kind.DEAD_LETTER, Named.as("rejected"))
                .mapValues(Out::value, Named.as("rejected-letters"))
                .to(Topics.dlq(plant), bytes.withName("dlq-rejected"));
        return b.build();
    }
}
