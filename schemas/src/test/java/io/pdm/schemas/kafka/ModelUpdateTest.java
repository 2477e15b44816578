package io.pdm.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pdm.schemas.testing.ContractSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every revision of the model-updates contract, as JSON text, is valid against the current schema and reads into the
 * current record as inference reads it (Jackson, unknown fields ignored): revisions 1 and 2 as one adapter (K = 1),
 * revision 3's {@code members} as an ensemble version. (What the plant writes: {@code MessageSchemasTest}.)
 */
class ModelUpdateTest {
    static final String HASH = "ab".repeat(32);
    static final String OTHER = "cd".repeat(32);
    static final ObjectMapper INFERENCE = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static final String REVISION_1 = "{\"plant\":\"plant-a\",\"version\":4,\"round\":7,"
            + "\"adapterDirectory\":\"/var/lib/pdm/adapters/v4\",\"weightsSha256\":\"" + HASH + "\","
            + "\"contributingPlants\":[\"plant-a\"],\"publishedAt\":\"2026-12-06T08:00:00Z\"}";
    static final String REVISION_2 =
            REVISION_1.replace("}", ",\"baseModelSha256\":\"" + HASH + "\",\"assetType\":\"pump-set\"}");
    static final String REVISION_3 = REVISION_2.replace(
            "}",
            ",\"members\":[{\"adapterDirectory\":\"/var/lib/pdm/adapters/v4\",\"weightsSha256\":\"" + HASH
                    + "\",\"seed\":42},{\"adapterDirectory\":\"/var/lib/pdm/adapters/v4-b\",\"weightsSha256\":\""
                    + OTHER + "\"}]}");

    @Test
    void everyRevisionIsValidAgainstTheCurrentSchema() {
        for (String json : List.of(REVISION_1, REVISION_2, REVISION_3)) {
            assertThat(ContractSchemas.validate("federated/model-update", json))
                    .as(json)
                    .isEmpty();
        }
    }

    @Test
    void revisionsOneAndTwoReadAsOneAdapter() throws Exception {
        for (String json : List.of(REVISION_1, REVISION_2)) {
            ModelUpdate u = INFERENCE.readValue(json, ModelUpdate.class);
            assertThat(u.members()).isEmpty();
            assertThat(u.k()).isEqualTo(1);
            assertThat(u.adapterDirectory()).isEqualTo("/var/lib/pdm/adapters/v4");
        }
        assertThat(INFERENCE.readValue(REVISION_2, ModelUpdate.class).assetType())
                .isEqualTo("pump-set");
    }

    @Test
    void revisionThreeReadsItsMembers() throws Exception {
        ModelUpdate u = INFERENCE.readValue(REVISION_3, ModelUpdate.class);
        assertThat(u.k()).isEqualTo(2);
        assertThat(u.members())
                .containsExactly(
                        new ModelUpdate.Member("/var/lib/pdm/adapters/v4", HASH, 42L),
                        new ModelUpdate.Member("/var/lib/pdm/adapters/v4-b", OTHER, null));
    }

    @Test
    void aMemberWithoutItsHashIsInvalid() {
        String noHash = REVISION_2.replace("}", ",\"members\":[{\"adapterDirectory\":\"/x\"}]}");
        assertThat(ContractSchemas.validate("federated/model-update", noHash)).isNotEmpty();
    }
}
