package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceAction;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import io.pdm.schemas.avro.WaveformBlock;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00.125Z");

    static TelemetryRecord snapshot() {
        return TelemetryRecord.newBuilder()
                .setPlant("p1")
                .setAsset("a1")
                .setTs(T)
                .setReceivedAt(T.plusMillis(5))
                .setBody(new ScalarSnapshot(Map.of("temp", 71.5, "pressure", 3.25)))
                .build();
    }

    @Test
    void telemetryRoundTripsBothBodyKinds() {
        AvroCodec<TelemetryRecord> codec = AvroCodec.of(TelemetryRecord.class);
        assertThat(codec.decode(codec.encode(snapshot()))).isEqualTo(snapshot());

        TelemetryRecord wave = TelemetryRecord.newBuilder(snapshot())
                .setBody(new WaveformBlock("vib", 5120.0, List.of(0.5f, -0.25f, 1.0f)))
                .build();
        TelemetryRecord back = codec.decode(codec.encode(wave));
        assertThat(back.getBody()).isInstanceOf(WaveformBlock.class);
        assertThat(((WaveformBlock) back.getBody()).getSamples()).containsExactly(0.5f, -0.25f, 1.0f);
        assertThat(back.getTs()).isEqualTo(T);
    }

    @Test
    void otherTypesRoundTrip() {
        MaintenanceLogRecord log = MaintenanceLogRecord.newBuilder()
                .setId("wo-1")
                .setPlant("p1")
                .setAsset("a1")
                .setTs(T)
                .setAction(MaintenanceAction.REPLACEMENT)
                .setComponent("bearing")
                .setText("replaced bearing")
                .setSource(LogSource.REST)
                .setReceivedAt(T)
                .build();
        assertThat(AvroCodec.of(MaintenanceLogRecord.class)
                        .decode(AvroCodec.of(MaintenanceLogRecord.class).encode(log)))
                .isEqualTo(log);

        FeatureVector fv = FeatureVector.newBuilder()
                .setPlant("p1")
                .setAsset("a1")
                .setWindowStart(T)
                .setWindowEnd(T.plusSeconds(60))
                .setReadingCount(60)
                .setFeatures(Map.of("temp.mean", 70.0))
                .setSecondsSinceMaintenance(3600.0)
                .setLastMaintenanceAction("REPAIR")
                .build();
        assertThat(AvroSerde.of(FeatureVector.class)
                        .deserialize("t", AvroSerde.of(FeatureVector.class).serialize("t", fv)))
                .isEqualTo(fv);

        DeadLetterRecord dl = DeadLetterRecord.newBuilder()
                .setPlant("p1")
                .setSource("pdm/v1/p1/a1/telemetry")
                .setReason("UNPARSABLE_JSON")
                .setDetail("x")
                .setReceivedAt(T)
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2}))
                .build();
        assertThat(AvroCodec.of(DeadLetterRecord.class)
                        .decode(AvroCodec.of(DeadLetterRecord.class).encode(dl)))
                .isEqualTo(dl);
    }

    @Test
    void garbageAndForeignTypesAreRejectedWithAReason() {
        AvroCodec<TelemetryRecord> codec = AvroCodec.of(TelemetryRecord.class);
        assertThatThrownBy(() -> codec.decode("{\"ts\":1}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TelemetryRecord");
        byte[] feature = AvroCodec.of(DeadLetterRecord.class)
                .encode(DeadLetterRecord.newBuilder()
                        .setPlant("p")
                        .setSource("s")
                        .setReason("r")
                        .setDetail("d")
                        .setReceivedAt(T)
                        .setPayload(ByteBuffer.allocate(0))
                        .build());
        assertThatThrownBy(() -> codec.decode(feature)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvroSerde.of(TelemetryRecord.class).deserialize("topic-x", new byte[] {1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic-x");
    }
}
