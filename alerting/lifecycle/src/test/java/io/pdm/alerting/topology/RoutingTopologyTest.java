package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static io.pdm.alerting.topology.Plant.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * Where inputs are applied with three partitions. The driver reads every input from partition 0, so an asset that
 * hashes to partition 0 is applied where it was read, and any other is misrouted: it must cross the by-asset
 * repartition topic (and still be applied, exactly as if it had come in on the right partition). Silences always
 * cross it, to every partition.
 */
class RoutingTopologyTest {
    static final Instant T = Plant.START;
    static final String RUL = "REMAINING_LIFE_LOW", MODE = "bearing-wear";
    static final String REPARTITION = "pdm." + Plant.PLANT + ".alerting-by-asset-repartition";

    /** The first asset pump-N whose key hashes to the partition. */
    static String assetOn(int partition) {
        for (int i = 0; ; i++) {
            if (Routed.partitionOf("pump-" + i, 3) == partition) return "pump-" + i;
        }
    }

    private static Plant plant() {
        return new Plant(io.pdm.alerting.lifecycle.LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO), 3);
    }

    private static TestOutputTopic<String, byte[]> repartition(Plant plant) {
        return plant.driver.createOutputTopic(REPARTITION, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<String> keys(TestOutputTopic<String, byte[]> topic) {
        return topic.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    @Test
    void inputsOnTheirAssetsPartitionSkipTheRepartitionTopicAndMisroutedOnesCrossIt() {
        try (Plant plant = plant()) {
            String home = assetOn(0), foreign = assetOn(1);
            TestOutputTopic<String, byte[]> hop = repartition(plant);
            plant.candidate(home, RUL, MODE, "RAISED", 700, T);
            assertThat(hop.readRecordsToList()).isEmpty();
            plant.candidate(foreign, RUL, MODE, "RAISED", 700, T);
            assertThat(keys(hop)).containsExactly(fp(foreign, RUL, MODE));

            // a command on the wrong partition too (as from a producer that does not key by the asset)
            plant.command("{\"type\":\"acknowledge\",\"fingerprint\":\"" + fp(foreign, RUL, MODE) + "\",\"asset\":\""
                    + foreign + "\",\"by\":\"alice\"}");
            assertThat(keys(hop)).containsExactly(fp(foreign, RUL, MODE));
            plant.command("{\"type\":\"acknowledge\",\"fingerprint\":\"" + fp(home, RUL, MODE) + "\",\"asset\":\""
                    + home + "\",\"by\":\"alice\"}");
            assertThat(hop.readRecordsToList()).isEmpty();

            List<CloudEvent> events = plant.events();
            assertThat(events)
                    .extracting(CloudEvent::getSubject, e -> types(List.of(e)).get(0))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(home, "raised"),
                            org.assertj.core.groups.Tuple.tuple(foreign, "raised"),
                            org.assertj.core.groups.Tuple.tuple(foreign, "acknowledged"),
                            org.assertj.core.groups.Tuple.tuple(home, "acknowledged"));
            assertThat(plant.state(fp(foreign, RUL, MODE)).acknowledged()).isTrue();
            assertThat(plant.deadLetters()).isEmpty();
        }
    }

    @Test
    void aSilenceGoesToEveryPartitionAndHoldsBackAlertsOfEveryTask() {
        try (Plant plant = plant()) {
            TestOutputTopic<String, byte[]> hop = repartition(plant);
            List<String> assets = List.of(assetOn(0), assetOn(1), assetOn(2));
            for (String a : assets) plant.candidate(a, RUL, MODE, "RAISED", 700, T);
            hop.readRecordsToList();
            plant.events();
            plant.command("{\"type\":\"silence-add\",\"silenceId\":\"overhaul\",\"matchers\":{\"kind\":\"" + RUL
                    + "\"},\"start\":\"" + T + "\",\"end\":\"" + T.plusSeconds(3600) + "\",\"by\":\"carol\"}");
            // it crosses the repartition topic without an asset, which the partitioner sends to every partition
            // (the driver has one partition per topic: that every task gets it is RoutingIT's on the broker)
            assertThat(hop.readValuesToList())
                    .singleElement()
                    .satisfies(v -> assertThat(Routed.SERDE
                                    .deserializer()
                                    .deserialize(REPARTITION, v)
                                    .asset())
                            .isNull());
            for (String a : assets)
                assertThat(plant.state(fp(a, RUL, MODE)).suppressedBy()).containsExactly("silence:overhaul");
            assertThat(types(plant.events())).containsExactly("suppressed", "suppressed", "suppressed");
        }
    }
}
