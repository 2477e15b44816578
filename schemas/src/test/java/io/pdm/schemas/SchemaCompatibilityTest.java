package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every released schema revision stays readable by the current code. */
class SchemaCompatibilityTest {
    static final List<Class<? extends SpecificRecordBase>> TYPES = List.of(
            TelemetryRecord.class,
            MaintenanceLogRecord.class,
            FeatureVector.class,
            DeadLetterRecord.class,
            PredictionRecord.class,
            AlertRecord.class);

    @Test
    void newestRevisionIsTheCurrentSchemaAndEveryRevisionIsReadable() {
        for (Class<? extends SpecificRecordBase> type : TYPES) {
            Schema current = AvroCodec.of(type).schema();
            List<Schema> history = SchemaHistory.revisions(current.getName());
            assertThat(history)
                    .as("history of %s (add the next revision file when you change the schema)", current.getName())
                    .isNotEmpty();
            // Parsing canonical form: ignores docs and the Java string-type property the code generator adds.
            assertThat(SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1)))
                    .as("newest revision of %s equals the current schema", current.getName())
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
            for (Schema old : history) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old)
                                .getType())
                        .as("current %s reads revision %s", current.getName(), history.indexOf(old) + 1)
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    /** The mechanism itself: bytes written with an older revision decode into a newer type. */
    @Test
    void bytesOfAnOlderRevisionDecodeUnderANewerOne() throws Exception {
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","namespace":"t","fields":[{"name":"a","type":"string"}]}""");
        Schema v2 = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","namespace":"t","fields":[{"name":"a","type":"string"},
                 {"name":"b","type":["null","double"],"default":null}]}""");
        GenericRecord old = new GenericData.Record(v1);
        old.put("a", "hello");
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);

        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), v2);
        decoder.addSchema(v1);
        GenericRecord read = decoder.decode(bytes);
        assertThat(read.get("a").toString()).isEqualTo("hello");
        assertThat(read.get("b")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"b\",\"type\":\"double\"}", "{\"name\":\"a\",\"type\":\"int\"}"})
    void theCheckCatchesBreakingChanges(String changedField) {
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","namespace":"t","fields":[{"name":"a","type":"string"}]}""");
        String fields =
                changedField.contains("\"a\"") ? changedField : "{\"name\":\"a\",\"type\":\"string\"}," + changedField;
        Schema broken = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, v1)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void currentCodecStillDecodesWhatItEncodes() {
        TelemetryRecord r = AvroCodecTest.snapshot();
        assertThat(AvroCodec.of(TelemetryRecord.class)
                        .decode(AvroCodec.of(TelemetryRecord.class).encode(r))
                        .getBody())
                .isEqualTo(r.getBody());
        assertThat(Instant.EPOCH).isBefore(r.getTs());
        assertThat(Map.of()).isEmpty();
    }
}
