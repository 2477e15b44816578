package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void namesFollowThePlantStreamVersionPattern() {
        assertThat(Topics.telemetry("plant-a")).isEqualTo("pdm.plant-a.telemetry.v1");
        assertThat(Topics.dlq("p1")).isEqualTo("pdm.p1.dlq.v1");
        assertThat(Topics.features("p1")).startsWith(Topics.plantPrefix("p1"));
        for (Topics.Stream stream : Topics.Stream.values()) {
            assertThat(stream.topic("x")).matches("pdm\\.x\\.[a-z-]+\\.v[0-9]+");
        }
    }

    @Test
    void everyStreamNamesAValueContractThatExists() {
        assertThat(Topics.modelUpdates("plant-a")).isEqualTo("pdm.plant-a.model-updates.v1");
        for (Topics.Stream stream : Topics.Stream.values()) {
            if (stream.valueFormat() == Topics.ValueFormat.AVRO_SINGLE_OBJECT) {
                assertThat(stream.avroType()).as(stream.name()).isNotNull();
            } else {
                assertThat(stream.jsonSchema()).as(stream.name()).isNotNull();
                assertThat(Topics.class.getClassLoader().getResource(stream.jsonSchema()))
                        .as(stream.jsonSchema())
                        .isNotNull();
            }
        }
    }

    @Test
    void rejectsPlantIdsThatWouldBreakTopicNamesOrAcls() {
        assertThatThrownBy(() -> Topics.telemetry("a.b")).hasMessageContaining("plant id 'a.b'");
        assertThatThrownBy(() -> Topics.telemetry("A")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.telemetry("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Ids.isValid("x".repeat(64))).isTrue();
        assertThat(Ids.isValid("x".repeat(65))).isFalse();
    }

    @Test
    void mqttTopicsRoundTrip() {
        String topic = MqttTopics.telemetry("plant-a", "press-7");
        assertThat(topic).isEqualTo("pdm/v1/plant-a/press-7/telemetry");
        assertThat(MqttTopics.parse(topic))
                .contains(new MqttTopics.Address("plant-a", "press-7", MqttTopics.Kind.TELEMETRY));
        assertThat(MqttTopics.parse("pdm/v1/plant-a/press-7/maintenance"))
                .get()
                .extracting(MqttTopics.Address::kind)
                .isEqualTo(MqttTopics.Kind.MAINTENANCE);
        assertThat(MqttTopics.parse("pdm/v1/plant-a/telemetry")).isEmpty();
        assertThat(MqttTopics.parse("pdm/v1/a/b/c")).isEmpty();
        assertThat(MqttTopics.shared(MqttTopics.filter(MqttTopics.Kind.TELEMETRY)))
                .isEqualTo("$share/pdm-ingest/pdm/v1/+/+/telemetry");
    }
}
