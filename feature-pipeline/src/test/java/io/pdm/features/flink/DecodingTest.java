package io.pdm.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Decoded;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class DecodingTest {
    final DecodingDeserializer telemetry = new DecodingDeserializer(DecodingDeserializer.Kind.TELEMETRY, "plant-t");

    @Test
    void decodesTelemetryBothShapesAndRoundTrips() {
        AvroCodec<TelemetryRecord> codec = AvroCodec.of(TelemetryRecord.class);
        Reading scalar =
                Reading.scalar("plant-t", "a1", 1000, 1500, new String[] {"temp", "rpm"}, new double[] {20.5, 1500});
        Reading wave = Reading.waveform("plant-t", "a1", 2000, 2100, "vib", 2048, new float[] {0.5f, -1f, 2f});
        for (Reading r : new Reading[] {scalar, wave}) {
            Decoded d = telemetry.decode("t", 0, 1, null, codec.encode(Conversions.toAvro(r)), 0);
            assertThat(d.reading()).isEqualTo(r);
        }
    }

    @Test
    void badBytesBecomeADeadLetterNotAnException() {
        byte[] junk = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        Decoded d = telemetry.decode("pdm.plant-t.telemetry.v1", 2, 77, "a9".getBytes(StandardCharsets.UTF_8), junk, 5);
        DeadLetter dl = d.deadLetter();
        assertThat(d.reading()).isNull();
        assertThat(dl.asset()).isEqualTo("a9");
        assertThat(dl.source()).isEqualTo("kafka:pdm.plant-t.telemetry.v1:2:77");
        assertThat(dl.reason()).isEqualTo(DecodingDeserializer.REASON);
        assertThat(dl.payload()).isEqualTo(junk);
        assertThat(Conversions.toAvro(dl).getPayload().remaining()).isEqualTo(junk.length);
        assertThat(telemetry.decode("t", 0, 1, null, null, 5).deadLetter()).isNotNull(); // tombstone
    }

    @Test
    void featuresConvertToAvroFeatureVector() {
        Features f = new Features("plant-t", "a1", 0, 10_000, 3, Map.of("temp.mean", 2.5), 12.0, "REPAIR");
        AvroCodec<FeatureVector> codec = AvroCodec.of(FeatureVector.class);
        FeatureVector v = codec.decode(codec.encode(Conversions.toAvro(f)));
        assertThat(v.getFeatures()).containsEntry("temp.mean", 2.5);
        assertThat(v.getWindowEnd().toEpochMilli()).isEqualTo(10_000);
        assertThat(v.getSecondsSinceMaintenance()).isEqualTo(12.0);
        assertThat(v.getLastMaintenanceAction()).isEqualTo("REPAIR");
    }

    @Test
    void internalTypesAreFlinkPojosWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Reading.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Features.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MaintenanceLog.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Decoded.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Observation.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MaintenanceJoin.AssetState.class);
    }
}
