package io.pdm.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pdm.schemas.testing.ContractSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetTypesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyShippedTypeIsValidByTheSchemaAndLoads() throws IOException {
        for (String id : AssetTypes.BUILT_IN) {
            JsonNode doc;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("asset-types/" + id + ".json")) {
                doc = JSON.readTree(in);
            }
            assertThat(ContractSchemas.validate("asset-type", doc)).as(id).isEmpty();
            AssetType type = AssetTypes.builtIn(id);
            assertThat(type.id()).isEqualTo(id);
            // What the loader writes back is valid too, and reads back to the same type.
            String written = AssetTypes.toJson(type);
            assertThat(ContractSchemas.validate("asset-type", written))
                    .as(id + " written")
                    .isEmpty();
            assertThat(AssetTypes.parse(written, "written", false)).isEqualTo(type);
        }
    }

    @Test
    void theTurbofanReadsTheFourteenInformativeSensorsPerCycle() throws IOException {
        AssetType turbofan = AssetTypes.builtIn("cmapss-turbofan");

        assertThat(turbofan.modelChannels())
                .containsExactly(
                        "s2", "s3", "s4", "s7", "s8", "s9", "s11", "s12", "s13", "s14", "s15", "s17", "s20", "s21");
        assertThat(turbofan.step().cadence()).isEqualTo(StepCadence.CYCLE);
        assertThat(turbofan.lifeUnit()).isEqualTo(LifeUnit.CYCLES);
        assertThat(turbofan.lifePerStep()).isEqualTo(1.0);
        assertThat(turbofan.window()).isEqualTo(50);
        // chosen on the training engines the bases held out (docs/results/inference.md), not on test engines
        assertThat(turbofan.thresholds().alertDelay()).isEqualTo(new Thresholds.AlertDelay(8, 3));
    }

    @Test
    void thePumpSetReadsWindowFeaturesAndWatchesVibrationVelocityByIso20816() throws IOException {
        AssetType pump = AssetTypes.builtIn("pump-set");

        assertThat(pump.channels()).allMatch(c -> c.source() == ChannelSource.WINDOW_FEATURE);
        assertThat(pump.modelChannels()).contains("vibration.kurtosis", "pressure_bar.mean", "current_a.mean");
        assertThat(pump.modelChannels()).doesNotContain("vibration.velocity_rms");
        assertThat(pump.lifePerStep()).isEqualTo(60.0 / 3600);
        Limit iso = pump.limit("vibration.velocity_rms").orElseThrow();
        assertThat(iso.standard()).startsWith("ISO 20816-3");
        assertThat(iso.zoneOf(1.0).zone()).isEqualTo("A");
        assertThat(iso.zoneOf(2.8).zone()).isEqualTo("B");
        assertThat(iso.zoneOf(3.0).zone()).isEqualTo("C");
        assertThat(iso.zoneOf(9.0).zone()).isEqualTo("D");
        assertThat(pump.failureModes()).extracting(FailureMode::id).containsExactly("bearing-wear", "seal-leak");
        assertThat(pump.thresholds().alertDelay()).isEqualTo(Thresholds.AlertDelay.DEFAULT); // not given: 3 and 3
    }

    @Test
    void yamlReadsLikeJson(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("fan.yaml");
        Files.writeString(yaml, """
                id: cooling-fan
                name: Cooling fan
                step: { cadence: SNAPSHOT, seconds: 10 }
                window: 12
                lifeUnit: HOURS
                channels:
                  - { name: vib, unit: mm/s, source: SNAPSHOT_SENSOR }
                  - { name: temp, unit: °C, source: SNAPSHOT_SENSOR }
                thresholds:
                  remainingLife: { warning: 48, alarm: 12 }
                  healthStage: { healthyAbove: 100, degradingAbove: 24 }
                """);

        AssetType fan = AssetTypes.load(yaml);

        assertThat(fan.modelChannels()).containsExactly("vib", "temp");
        assertThat(fan.lifePerStep()).isEqualTo(10.0 / 3600);
        assertThat(ContractSchemas.validate("asset-type", AssetTypes.toJson(fan)))
                .isEmpty();
    }

    @Test
    void errorsNameTheFileTheJsonPointerAndTheReason(@TempDir Path dir) throws IOException {
        ObjectNode pump = (ObjectNode) JSON.readTree(AssetTypes.toJson(AssetTypes.builtIn("pump-set")));

        ObjectNode badUnit = pump.deepCopy();
        ((ObjectNode) badUnit.withArray("channels").get(2)).remove("unit");
        assertError(dir, badUnit, "/channels/2", "unit is required");

        ObjectNode unknownChannel = pump.deepCopy();
        ((ObjectNode) unknownChannel.withArray("failureModes").get(1))
                .withArray("channels")
                .add("pressure_psi.mean");
        assertError(dir, unknownChannel, "/failureModes/1/channels/4", "unknown channel 'pressure_psi.mean'");

        ObjectNode typo = pump.deepCopy();
        typo.put("windw", 3);
        assertError(dir, typo, "/windw", "unknown property 'windw'");

        ObjectNode badEnum = pump.deepCopy();
        badEnum.put("lifeUnit", "DAYS");
        assertError(dir, badEnum, "/lifeUnit", "DAYS");

        ObjectNode thresholds = pump.deepCopy();
        ((ObjectNode) thresholds.with("thresholds").with("remainingLife")).put("alarm", 5);
        assertError(dir, thresholds, "/thresholds/remainingLife", "need warning > alarm > 0");

        ObjectNode zones = pump.deepCopy();
        ((ObjectNode) zones.withArray("limits").get(0).withArray("zones").get(1)).put("upTo", 1.0);
        assertError(dir, zones, "/limits/0", "zones/1: upTo 1.0 does not exceed 1.4");

        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{ \"id\": ");
        assertThatThrownBy(() -> AssetTypes.load(notJson))
                .isInstanceOf(AssetTypeException.class)
                .hasMessageStartingWith(notJson + "#: not JSON");
    }

    @Test
    void regimesAreDeclaredInTheTypeFileAndValidatedByTheSchemaAndTheLoader(@TempDir Path dir) throws IOException {
        AssetType turbofan = AssetTypes.builtIn("cmapss-turbofan");
        assertThat(turbofan.regimes())
                .isEqualTo(new Regimes(
                        java.util.List.of("setting1", "setting2", "setting3"),
                        Regimes.Method.K_MEANS,
                        null,
                        1.0,
                        null));
        // a life for the model carries the context channels after the model's
        assertThat(turbofan.lifeChannels()).endsWith("s21", "setting1", "setting2", "setting3");
        assertThat(turbofan.withoutRegimes().lifeChannels()).isEqualTo(turbofan.modelChannels());
        // a type without regimes writes no regimes field, so its documents (and the bases' cache keys) are unchanged
        assertThat(AssetTypes.toJson(AssetTypes.builtIn("pump-set"))).doesNotContain("regimes");

        ObjectNode doc = (ObjectNode) JSON.readTree(AssetTypes.toJson(turbofan));
        ObjectNode rounding = doc.deepCopy();
        ((ObjectNode) rounding.with("regimes")).put("method", "ROUNDING").remove("tolerance");
        ((ObjectNode) rounding.with("regimes"))
                .putArray("resolution")
                .add(1)
                .add(0.01)
                .add(1);
        assertThat(ContractSchemas.validate("asset-type", rounding)).isEmpty();
        assertThat(AssetTypes.parse(rounding.toString(), "rounding", false)
                        .regimes()
                        .resolution())
                .containsExactly(1.0, 0.01, 1.0);

        ObjectNode unknownChannel = doc.deepCopy();
        ((ArrayNode) unknownChannel.with("regimes").withArray("channels")).set(1, "setting9");
        assertError(dir, unknownChannel, "/regimes/channels/1", "unknown channel 'setting9'");

        ObjectNode noResolution = doc.deepCopy();
        ((ObjectNode) noResolution.with("regimes")).put("method", "ROUNDING");
        assertError(dir, noResolution, "/regimes/resolution", "ROUNDING needs one resolution per context channel");

        ObjectNode zero = doc.deepCopy();
        ((ObjectNode) zero.with("regimes")).put("count", 0);
        assertError(dir, zero, "/regimes/count", "count must be at least 1");

        ObjectNode typo = doc.deepCopy();
        ((ObjectNode) typo.with("regimes")).put("clusters", 6);
        assertError(dir, typo, "/regimes/clusters", "unknown property 'clusters'");

        ObjectNode noMethod = doc.deepCopy();
        ((ObjectNode) noMethod.with("regimes")).remove("method");
        assertError(dir, noMethod, "/regimes/method", "method is required");

        ObjectNode bound = doc.deepCopy();
        ((ObjectNode) bound.with("thresholds")).put("upperBoundBelow", 80);
        assertThat(ContractSchemas.validate("asset-type", bound)).isEmpty();
        assertThat(AssetTypes.parse(bound.toString(), "bound", false)
                        .thresholds()
                        .upperBoundBelow())
                .isEqualTo(80.0);
        ((ObjectNode) bound.with("thresholds")).put("upperBoundBelow", -1);
        assertError(dir, bound, "/thresholds", "upperBoundBelow must be positive");

        ObjectNode history = doc.deepCopy();
        assertThat(AssetTypes.parse(history.toString(), "history", false)
                        .thresholds()
                        .minHistorySteps())
                .as("absent: no short-history rule")
                .isNull();
        ((ObjectNode) history.with("thresholds")).put("minHistorySteps", 9);
        assertThat(ContractSchemas.validate("asset-type", history)).isEmpty();
        assertThat(AssetTypes.parse(history.toString(), "history", false)
                        .thresholds()
                        .minHistorySteps())
                .isEqualTo(9);
        ((ObjectNode) history.with("thresholds")).put("minHistorySteps", -1);
        assertThat(ContractSchemas.validate("asset-type", history)).isNotEmpty();
        assertError(dir, history, "/thresholds", "minHistorySteps must be 0 or more, got -1");
        ((ObjectNode) history.with("thresholds")).put("minHistorySteps", 2.5);
        assertThat(ContractSchemas.validate("asset-type", history)).isNotEmpty();
        assertError(dir, history, "/thresholds/minHistorySteps", "2.5");
    }

    private static void assertError(Path dir, JsonNode doc, String pointer, String reason) throws IOException {
        Path file = dir.resolve("type.json");
        Files.writeString(file, doc.toPrettyString());
        assertThatThrownBy(() -> AssetTypes.load(file)).isInstanceOfSatisfying(AssetTypeException.class, e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.reason()).contains(reason);
        });
        // The schema refuses the same documents, except for cross-references only the loader checks.
        if (!reason.startsWith("unknown channel") && !reason.contains("exceed") && !reason.contains("warning >")) {
            assertThat(ContractSchemas.validate("asset-type", doc)).isNotEmpty();
        }
    }
}
