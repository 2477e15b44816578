package io.pdm.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SpecVersion.VersionFlag;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The helper really validates: drafts, formats, anchors, cross-file refs (by absolute {@code $id}, offline) and
 * {@code $defs} pointers all take effect.
 */
class ContractSchemasTest {
    static final String TS = "2026-11-25T10:00:00Z";
    static final String STRATEGY_ID = "https://pdm.example/schemas/federated/aggregation-strategy/v1";
    static final String FEDAVG =
            "{\"rule\":{\"rule\":\"fedavg\"},\"serverOptimizer\":{\"optimizer\":\"sgd\",\"learningRate\":1}}";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyContractFileDeclaresDraft2020_12AndLoadsWithItsRefs() throws IOException, URISyntaxException {
        Path root = Path.of(ContractSchemasTest.class.getResource("/json").toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".schema.json"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path file : files) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            String name = rel.substring(0, rel.length() - ".schema.json".length());
            assertThat(ContractSchemas.draftOf(name)).as(name).isEqualTo(VersionFlag.V202012);
            // Loading preloads every $ref, so an unresolvable one throws here.
            assertThatCode(() -> ContractSchemas.validate(name, "{}")).as(name).doesNotThrowAnyException();
            new ObjectMapper()
                    .readTree(file.toFile())
                    .path("$defs")
                    .fieldNames()
                    .forEachRemaining(
                            def -> assertThatCode(() -> ContractSchemas.validate(name + "#/$defs/" + def, "{}"))
                                    .as(name + " " + def)
                                    .doesNotThrowAnyException());
        }
    }

    @Test
    void reportsEveryViolationWithItsPath() {
        assertThat(ContractSchemas.validate("telemetry-snapshot", "{\"ts\":\"" + TS + "\",\"values\":{\"t\":1.5}}"))
                .isEmpty();
        assertThat(ContractSchemas.validate("telemetry-snapshot", "{\"values\":{\"t\":\"hot\"},\"unit\":\"C\"}"))
                .hasSize(3)
                .anySatisfy(m -> assertThat(m).startsWith("(root): ").contains("'ts'"))
                .anySatisfy(m -> assertThat(m).startsWith("/values/t: ").contains("number"))
                .anySatisfy(m -> assertThat(m).startsWith("(root): ").contains("'unit'"));
    }

    @Test
    void assertsDateTimeFormatWhichDraft2020_12OnlyAnnotatesByDefault() {
        assertThat(ContractSchemas.validate("telemetry-snapshot", "{\"ts\":\"yesterday\",\"values\":{\"t\":1}}"))
                .singleElement()
                .asString()
                .startsWith("/ts: ")
                .contains("date-time");
        assertThat(ContractSchemas.validate(
                        "telemetry-snapshot", "{\"ts\":\"2026-11-25T10:00Z\",\"values\":{\"t\":1}}"))
                .hasSize(1);
    }

    @Test
    void patternEndAnchorIsEcmaScripts() {
        assertThat(ContractSchemas.validate(
                        "waveform-block", "{\"ts\":\"" + TS + "\",\"sensor\":\"vib\",\"rateHz\":1,\"samples\":[1]}"))
                .isEmpty();
        assertThat(ContractSchemas.validate(
                        "waveform-block", "{\"ts\":\"" + TS + "\",\"sensor\":\"vib\\n\",\"rateHz\":1,\"samples\":[1]}"))
                .singleElement()
                .asString()
                .startsWith("/sensor: ");
        assertThat(ContractSchemas.ecmaRegex("a\\$").matches("xa$")).isTrue(); // an escaped $ stays a literal
        assertThat(ContractSchemas.ecmaRegex("a\\$").matches("xa")).isFalse();
        assertThat(ContractSchemas.ecmaRegex("^a$").matches("a\n")).isFalse();
        assertThat(ContractSchemas.ecmaRegex("b").matches("abc")).isTrue(); // unanchored, as JSON Schema says
    }

    @Test
    void followsAbsoluteRefsToOtherFiles() {
        String lineage = "{\"version\":1,\"baseModelHash\":\"" + "a".repeat(64) + "\",\"contributingPlants\":[],"
                + "\"droppedPlants\":[],\"privacy\":[],\"publishedAt\":\"" + TS + "\",\"strategy\":%s}";
        assertThat(ContractSchemas.validate("federated/adapter-lineage", lineage.formatted(FEDAVG)))
                .isEmpty();
        assertThat(ContractSchemas.validate(
                        "federated/adapter-lineage", lineage.formatted(FEDAVG.replace("sgd", "adam"))))
                .isNotEmpty()
                .anySatisfy(m -> assertThat(m).contains("/strategy/serverOptimizer/optimizer: "));
    }

    /**
     * The announcement's {@code strategy} is only a {@code $ref} to aggregation-strategy's {@code $id}: a strategy
     * that file refuses (an unknown rule, a property it does not allow) is refused inside the announcement, so the
     * reference was followed, and offline (the id's host does not exist).
     */
    @Test
    void roundAnnouncementRefusesAStrategyTheReferencedSchemaRefuses() {
        String announcement = "{\"round\":3,\"baseVersion\":2,\"baseModelHash\":\"" + "a".repeat(64)
                + "\",\"adapterConfig\":{\"r\":8},\"deadline\":\"" + TS + "\",\"quorum\":2,\"strategy\":%s,"
                + "\"mode\":\"PLAIN\",\"maxDeltaNorm\":1000,\"maxDeltaBytes\":1048576}";
        assertThat(ContractSchemas.validate("federated/round-announcement", announcement.formatted(FEDAVG)))
                .isEmpty();

        assertThat(ContractSchemas.validate(
                        "federated/round-announcement",
                        announcement.formatted(FEDAVG.replace("\"fedavg\"", "\"mean\""))))
                .singleElement()
                .asString()
                .startsWith("/strategy/rule/rule: ");
        // round-announcement allows extra properties at its own level; aggregation-strategy does not.
        assertThat(ContractSchemas.validate(
                        "federated/round-announcement", announcement.formatted(FEDAVG.replace("}}", "},\"seed\":7}"))))
                .singleElement()
                .asString()
                .startsWith("/strategy: ")
                .contains("'seed'");
    }

    @Test
    void everyFileHasAnAbsoluteIdThatMapsBackToItAndEveryCrossFileRefIsSuchAnId() throws Exception {
        Path root = Path.of(ContractSchemasTest.class.getResource("/json").toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".schema.json")).toList();
        }
        Set<String> ids = new TreeSet<>();
        List<String> refs = new ArrayList<>();
        for (Path file : files) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            JsonNode schema = JSON.readTree(file.toFile());
            String id = schema.path("$id").asText();
            assertThat(ContractSchemas.classpathIri(id)).as(rel).isEqualTo("classpath:json/" + rel);
            ids.add(id);
            schema.findValues("$ref").forEach(ref -> refs.add(ref.asText()));
        }
        assertThat(refs)
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(ref.startsWith("#") || ids.contains(ref.replaceFirst("#.*", "")))
                        .as("%s is a pointer into the same file or the $id of one of ours", ref)
                        .isTrue())
                .anySatisfy(ref -> assertThat(ref).isEqualTo(STRATEGY_ID));
        assertThat(ContractSchemas.classpathIri("https://pdm.example/schemas/mqtt/waveform-block/v1"))
                .isEqualTo("classpath:json/waveform-block.schema.json");
        assertThat(ContractSchemas.classpathIri("aggregation-strategy.schema.json"))
                .isNull();
        assertThat(ContractSchemas.classpathIri("https://example.org/schemas/federated/problem/v1"))
                .isNull();
    }

    @Test
    void validatesAgainstADefinitionByPointer() {
        String keys = "{\"client\":%d,\"shareEncryptionKey\":\"AAAA\",\"maskAgreementKey\":\"AAAA\"}";
        String schema = "federated/secure-aggregation#/$defs/advertisedKeys";
        assertThat(ContractSchemas.validate(schema, keys.formatted(1))).isEmpty();
        assertThat(ContractSchemas.validate(schema, keys.formatted(0)))
                .singleElement()
                .asString()
                .startsWith("/client: ");
    }

    @Test
    void namesTheConstraintsOfAFileAndThoseAPayloadBreaks() throws Exception {
        assertThat(ContractSchemas.constraints("waveform-block"))
                .containsExactlyInAnyOrder(
                        "/type",
                        "/required",
                        "/additionalProperties",
                        "/properties/ts/type",
                        "/properties/ts/format",
                        "/properties/sensor/type",
                        "/properties/sensor/pattern",
                        "/properties/rateHz/type",
                        "/properties/rateHz/exclusiveMinimum",
                        "/properties/samples/type",
                        "/properties/samples/minItems",
                        "/properties/samples/items/type");
        assertThat(ContractSchemas.violatedConstraints(
                        "waveform-block",
                        new ObjectMapper()
                                .readTree("{\"ts\":\"" + TS + "\",\"sensor\":\"v\",\"rateHz\":0,\"samples\":[true]}")))
                .containsExactly("/properties/rateHz/exclusiveMinimum", "/properties/samples/items/type");
        assertThat(ContractSchemas.violatedConstraints(
                        "telemetry-snapshot",
                        new ObjectMapper().readTree("{\"ts\":\"" + TS + "\",\"values\":{\"a b\":1}}")))
                .containsExactly("/properties/values/propertyNames");
    }

    @Test
    void copesWithAnEmptyPropertyName() {
        assertThat(ContractSchemas.validate("telemetry-snapshot", "{\"ts\":\"" + TS + "\",\"values\":{\"\":1}}"))
                .singleElement()
                .asString()
                .startsWith("/values: ");
    }

    @Test
    void refusesWhatIsNoSchemaQuestion() {
        assertThatThrownBy(() -> ContractSchemas.validate("telemetry-snapshot", "{\"ts\":"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractSchemas.validate("no-such-thing", "{}"))
                .hasMessageContaining("json/no-such-thing.schema.json");
    }
}
