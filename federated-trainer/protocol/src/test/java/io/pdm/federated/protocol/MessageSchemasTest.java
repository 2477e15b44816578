package io.pdm.federated.protocol;

import static io.pdm.federated.protocol.SchemaCheck.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.TinyAdapters;
import io.pdm.federated.secagg.SecAggMessage;
import io.pdm.schemas.kafka.ModelUpdate;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every /fl/v1 message as serialised matches its documented schema in schemas/json/federated. */
class MessageSchemasTest {

    private static final String HASH = TinyAdapters.BASE_MODEL_HASH;

    @Test
    void roundMessagesMatchTheirSchemas() {
        SecureAggregationParameters secure =
                new SecureAggregationParameters("session", new TreeMap<>(Map.of("plant-a", 1)), 2, 65536, 1024);
        RoundAnnouncement announcement = new RoundAnnouncement(
                3,
                2,
                HASH,
                TinyAdapters.config(),
                Instant.now(),
                2,
                trimmedMean(),
                AggregationMode.SECURE,
                10,
                1 << 20,
                secure);
        assertMatches(announcement, "round-announcement", null);
        assertMatches(announcement.strategy(), "aggregation-strategy", null);
        assertMatches(
                new RoundState(3, 2, "FAILED", Instant.now(), "quorum not met", List.of("plant-c"), null),
                "round-state",
                null);
        assertMatches(new DeltaReceipt(3, "plant-a", TinyAdapters.nonce()), "delta-receipt", null);
    }

    @Test
    void aStrategyReadsBackEqualAfterTheWire() {
        assertThat(FlJson.read(FlJson.write(trimmedMean()), StrategySpec.class)).isEqualTo(trimmedMean());
        assertThat(FlJson.read(FlJson.write(StrategySpec.fedAvg()), StrategySpec.class))
                .isEqualTo(StrategySpec.fedAvg());
    }

    @Test
    void aStrategyPartWithoutItsNameIsRefused() {
        assertThatThrownBy(() -> FlJson.read(
                        "{\"rule\": {\"trimFraction\": 0.2}, \"serverOptimizer\": {\"optimizer\": \"sgd\"}}",
                        StrategySpec.class))
                .hasMessageContaining("'rule'");
    }

    private static StrategySpec trimmedMean() {
        return new StrategySpec(
                FlJson.mapper().createObjectNode().put("rule", "trimmed-mean").put("trimFraction", 0.2f),
                StrategySpec.fedAvg().serverOptimizer());
    }

    @Test
    void adapterMessagesMatchTheirSchemas() {
        assertMatches(
                new AdapterLineage(
                        4,
                        3L,
                        7L,
                        HASH,
                        List.of("plant-a", "plant-b"),
                        List.of("plant-c"),
                        List.of("plant-b"),
                        StrategySpec.fedAvg(),
                        AggregationMode.PLAIN,
                        List.of(new PlantPrivacy("plant-a", 1.0, 0.8, PlantPrivacy.EXAMPLE)),
                        Instant.now()),
                "adapter-lineage",
                null);
        assertMatches(AdapterLineage.seed(HASH, Instant.now()), "adapter-lineage", null);
        assertMatches(
                FlJson.mapper()
                        .valueToTree(TinyAdapters.metadata("plant-a", 3, 10).toMap()),
                "delta-metadata",
                null);
        assertMatches(
                new ModelUpdate("plant-a", 4, 7L, "/var/lib/pdm/adapters/v4", HASH, List.of("plant-a"), Instant.now()),
                "model-update",
                null);
    }

    @Test
    void anEnsembleAnnouncementMatchesItsSchemaAndReadsBack() {
        ModelUpdate ensemble = ModelUpdate.ensemble(
                "plant-a",
                5,
                7L,
                List.of(
                        new ModelUpdate.Member("/var/lib/pdm/adapters/v5/m0", HASH, 42L),
                        new ModelUpdate.Member("/var/lib/pdm/adapters/v5/m1", "cd".repeat(32), null)),
                List.of("plant-a"),
                Instant.parse("2026-12-06T08:00:00Z"),
                HASH,
                "turbofan");
        assertMatches(ensemble, "model-update", null);
        ModelUpdate read = FlJson.read(FlJson.write(ensemble), ModelUpdate.class);
        assertThat(read).isEqualTo(ensemble);
        assertThat(read.k()).isEqualTo(2);
        // member 0 repeats in the single-adapter fields, for a reader that predates members
        assertThat(read.adapterDirectory()).isEqualTo("/var/lib/pdm/adapters/v5/m0");
    }

    @Test
    void revisionOneAndTwoAnnouncementsStillReadAsOneAdapter() {
        String revision1 = "{\"plant\":\"plant-a\",\"version\":4,\"round\":7,"
                + "\"adapterDirectory\":\"/var/lib/pdm/adapters/v4\",\"weightsSha256\":\"" + HASH + "\","
                + "\"contributingPlants\":[\"plant-a\"],\"publishedAt\":\"2026-12-06T08:00:00Z\"}";
        ModelUpdate old = FlJson.read(revision1, ModelUpdate.class);
        assertThat(old.members()).isEmpty();
        assertThat(old.k()).isEqualTo(1);
        assertThat(old.baseModelSha256()).isNull();
        String revision2 = revision1.replace("}", ",\"baseModelSha256\":\"" + HASH + "\",\"assetType\":null}");
        assertThat(FlJson.read(revision2, ModelUpdate.class).k()).isEqualTo(1);
        assertMatches(old, "model-update", null);
    }

    @Test
    void secureAggregationMessagesMatchTheirSchema() {
        SecAggMessage.AdvertisedKeys keys = new SecAggMessage.AdvertisedKeys(1, new byte[44], new byte[44]);
        SecAggMessage.EncryptedShares sealed = new SecAggMessage.EncryptedShares(1, 2, new byte[60]);
        assertMatches(keys, "secure-aggregation", "advertisedKeys");
        assertMatches(new SecAggMessage.KeyDirectory(Map.of(1, keys)), "secure-aggregation", "keyDirectory");
        assertMatches(sealed, "secure-aggregation", "encryptedShares");
        assertMatches(new SecAggMessage.SharedKeys(1, List.of(sealed)), "secure-aggregation", "sharedKeys");
        assertMatches(new SecAggMessage.SharesForClient(2, List.of(sealed)), "secure-aggregation", "sharesForClient");
        assertMatches(
                new MaskedDeltaUpload(
                        new DeltaMetadata("plant-a", 3, HASH, 10, TinyAdapters.nonce(), null, null, null),
                        new SecAggMessage.MaskedInput(1, new int[] {1, -2})),
                "secure-aggregation",
                "maskedDeltaUpload");
        assertMatches(new SecAggMessage.UnmaskingRequest(Set.of(1, 2)), "secure-aggregation", "unmaskingRequest");
        assertMatches(
                new SecAggMessage.UnmaskingShares(1, Map.of(2, BigInteger.TEN), Map.of()),
                "secure-aggregation",
                "unmaskingShares");
    }
}
