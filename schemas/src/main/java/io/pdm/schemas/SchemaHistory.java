package io.pdm.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released revision of each Avro schema, kept as {@code avro-history/<Name>/<revision>.avsc}
 * on the classpath (revisions numbered from 1 without gaps). A schema change adds the next
 * revision file in the same commit; {@code SchemaCompatibilityTest} proves the current schema
 * reads every revision and that the newest revision equals the current schema.
 */
public final class SchemaHistory {
    private SchemaHistory() {}

    public static List<Schema> revisions(String recordName) {
        List<Schema> result = new ArrayList<>();
        for (int revision = 1; ; revision++) {
            String path = "/avro-history/" + recordName + "/" + revision + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
                if (in == null) return result;
                result.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }
}
