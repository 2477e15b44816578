package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml checked without a container engine (and with `docker-compose config` where it is installed). */
class ComposeFileTest {
    private static final Path ROOT = Repo.root();
    private static final Path FILE = ROOT.resolve("docker-compose.yml");
    private static final JsonNode COMPOSE = Yaml.composeFile(FILE);
    private static final Map<String, String> EXAMPLE = Compose.envFile(ROOT.resolve(".env.example"));

    @Test
    void runsOnePlantAndTheAggregatorWithTheirInfrastructure() {
        assertThat(Compose.services(COMPOSE).keySet())
                .contains(
                        "kafka",
                        "mosquitto",
                        "timescaledb",
                        "flink-jobmanager",
                        "flink-taskmanager",
                        "ingest",
                        "inference",
                        "alerting",
                        "plant-trainer",
                        "fl-certs",
                        "aggregator",
                        "aggregator-db");
        assertThat(COMPOSE.path("services")
                        .path("kafka")
                        .path("environment")
                        .path("KAFKA_PROCESS_ROLES")
                        .asText())
                .isEqualTo("broker,controller"); // KRaft, no ZooKeeper
    }

    @Test
    void everyImageIsPinnedOrBuiltFromADockerfileThatExists() throws IOException {
        assertThat(Compose.imageProblems(COMPOSE, ROOT)).isEmpty();
        // ... and the Dockerfiles' own bases are pinned too.
        for (Path dockerfile : List.of(
                ROOT.resolve("Dockerfile"),
                ROOT.resolve("deploy/docker/Dockerfile.flink"),
                ROOT.resolve("deploy/docker/Dockerfile.cnpg-timescaledb"))) {
            List<String> stages = new ArrayList<>();
            for (String line : Files.readAllLines(dockerfile)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equalsIgnoreCase("FROM")) {
                    String base = words[1];
                    assertThat(stages.contains(base) || Images.pinned(base))
                            .as("%s: FROM %s is pinned", dockerfile.getFileName(), base)
                            .isTrue();
                    if (words.length == 4 && words[2].equalsIgnoreCase("AS")) stages.add(words[3]);
                }
            }
            assertThat(stages).as("%s builds in a separate stage", dockerfile).isNotNull();
        }
    }

    @Test
    void theImageRunsAsANumericNonRootUserWithOnlyTheLaunchersJar() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^USER 10001:10001$");
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK ");
        // a container limit below 1,792 MB would otherwise get the Serial collector, not the one the goals measured
        assertThat(dockerfile).containsPattern("JAVA_TOOL_OPTIONS=\"[^\"]*-XX:\\+UseG1GC");
        assertThat(dockerfile).contains("cp launcher/target/pdm.jar /out/", "cp -r launcher/target/lib /out/lib");
        assertThat(dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")))
                .as("the final stage has no JDK and no build tool")
                .doesNotContain("-jdk", "mvnw");
    }

    @Test
    void everyPdmVariableIsOneTheServicesCommandReads() {
        assertThat(Compose.unreadVariables(COMPOSE)).isEmpty();
        // Each pdm service is wired with the shared names, not per-service spellings.
        assertThat(Compose.environment(COMPOSE.path("services").path("ingest"))).containsKeys("PDM_KAFKA", "PDM_MQTT");
        assertThat(Compose.environment(COMPOSE.path("services").path("flink-jobmanager")))
                .containsKeys("PDM_KAFKA", "PDM_PLANT", "PDM_JDBC");
    }

    @Test
    void aVariableNoCommandReadsIsReported() {
        ObjectNode broken = COMPOSE.deepCopy();
        ((ObjectNode) broken.path("services").path("ingest").path("environment"))
                .put("PDM_INGEST_KAFKA_BOOTSTRAP", "kafka:9092");
        ((ObjectNode) broken.path("services").path("kafka").path("environment")).put("PDM_KAFKA", "x");
        assertThat(Compose.unreadVariables(broken))
                .anySatisfy(
                        p -> assertThat(p).startsWith("ingest: PDM_INGEST_KAFKA_BOOTSTRAP is not read by pdm ingest"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka: PDM_KAFKA is not read by apache/kafka"));
    }

    @Test
    void dependsOnNamesServicesThatCanMeetTheCondition() {
        assertThat(Compose.dependencyProblems(COMPOSE)).isEmpty();
        ObjectNode broken = COMPOSE.deepCopy();
        ((ObjectNode) broken.path("services").path("ingest").path("depends_on"))
                .putObject("kafak")
                .put("condition", "service_healthy");
        assertThat(Compose.dependencyProblems(broken)).containsExactly("ingest: depends on kafak, which is no service");
    }

    @Test
    void everyLongRunningServiceHasAHealthcheck() {
        List<String> missing = new ArrayList<>();
        Compose.services(COMPOSE).forEach((name, s) -> {
            boolean oneShot = s.path("restart").asText("no").equals("no");
            boolean assumed = s.path("labels").has(Compose.ASSUMED_COMMAND_LABEL);
            if (!oneShot && !assumed && !Compose.hasHealthcheck(s)) missing.add(name);
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void publishedHostPortsDoNotCollideAndAreOnlyWhereUsersNeedThem() {
        assertThat(Compose.portCollisions(COMPOSE, EXAMPLE)).isEmpty();
        Set<String> published = new java.util.TreeSet<>();
        Compose.services(COMPOSE).forEach((name, s) -> {
            if (s.has("ports")) published.add(name);
        });
        assertThat(published)
                .containsExactlyInAnyOrder(
                        "mosquitto", "ingest", "inference", "alerting", "aggregator", "flink-jobmanager");
        // the plain-HTTP management ports (probes, Prometheus) stay inside the Compose network
        assertThat(Compose.strings(COMPOSE.path("services").path("aggregator").path("ports")))
                .noneMatch(p -> p.contains("8081"));
        Map<String, String> samePort = new LinkedHashMap<>(EXAMPLE);
        samePort.put("INFERENCE_HOST_PORT", samePort.get("INGEST_HOST_PORT"));
        assertThat(Compose.portCollisions(COMPOSE, samePort))
                .containsExactly("inference and ingest both publish host port 8080");
    }

    @Test
    void everyInterpolatedVariableIsInEnvExampleAndEveryExampleIsUsed() throws IOException {
        Set<String> used = Compose.variables(Files.readString(FILE));
        assertThat(EXAMPLE.keySet()).containsAll(used);
        assertThat(used).containsAll(EXAMPLE.keySet());
    }

    @Test
    void noSecretIsWrittenInTheFile() {
        assertThat(Compose.literalSecrets(COMPOSE)).isEmpty();
        assertThat(EXAMPLE).containsEntry("PLANT_DB_PASSWORD", "").containsEntry("FL_KEYSTORE_PASSWORD", "");
        ObjectNode broken = COMPOSE.deepCopy();
        ((ObjectNode) broken.path("services").path("aggregator").path("environment"))
                .put("PDM_JDBC", "jdbc:postgresql://aggregator-db:5432/fl?user=fl&password=hunter2");
        assertThat(Compose.literalSecrets(broken)).containsExactly("aggregator: PDM_JDBC holds a literal password");
    }

    /**
     * Mosquitto refuses anonymous clients: its configuration says so and names the password file, the one-shot that
     * writes the file runs before the broker with the passwords from .env, and ingest logs in with the settings it
     * reads (MqttSecurity.SETTINGS) from the volume the one-shot fills.
     */
    @Test
    void mosquittoRefusesAnonymousClientsAndIngestLogsIn() throws IOException {
        List<String> conf = Files.readAllLines(ROOT.resolve("deploy/mosquitto/mosquitto.conf")).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(conf).contains("allow_anonymous false", "password_file /mosquitto/auth/passwd");
        assertThat(conf).noneMatch(l -> l.startsWith("allow_anonymous true"));

        JsonNode services = COMPOSE.path("services");
        assertThat(services.path("mosquitto")
                        .path("depends_on")
                        .path("mosquitto-passwords")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        JsonNode oneShot = services.path("mosquitto-passwords");
        assertThat(Compose.strings(oneShot.path("entrypoint"))).contains("/opt/pdm/mosquitto-passwords.sh");
        assertThat(Compose.strings(oneShot.path("volumes")))
                .contains("./deploy/docker/mosquitto-passwords.sh:/opt/pdm/mosquitto-passwords.sh:ro");
        assertThat(ROOT.resolve("deploy/docker/mosquitto-passwords.sh")).isRegularFile();
        Map<String, String> secrets = Compose.environment(oneShot);
        assertThat(secrets.get("MQTT_INGEST_PASSWORD")).startsWith("${MQTT_INGEST_PASSWORD");
        assertThat(secrets.get("MQTT_DEVICE_PASSWORD")).startsWith("${MQTT_DEVICE_PASSWORD");
        assertThat(EXAMPLE).containsEntry("MQTT_INGEST_PASSWORD", "").containsEntry("MQTT_DEVICE_PASSWORD", "");
        assertThat(Compose.strings(
                        services.path("mosquitto").path("healthcheck").path("test")))
                .anySatisfy(t -> assertThat(t).contains("-u health"));

        Map<String, String> ingest = Compose.environment(services.path("ingest"));
        assertThat(io.pdm.ingest.MqttSecurity.SETTINGS.stream().map(io.pdm.schemas.Settings::envName))
                .contains("PDM_MQTT_USERNAME", "PDM_MQTT_PASSWORD_FILE");
        assertThat(ingest).containsEntry("PDM_MQTT_USERNAME", "ingest");
        String passwordFile = ingest.get("PDM_MQTT_PASSWORD_FILE");
        assertThat(passwordFile).isEqualTo("/etc/pdm/mqtt/password");
        assertThat(Compose.strings(services.path("ingest").path("volumes")))
                .contains("mqtt-ingest-secret:/etc/pdm/mqtt:ro");
        assertThat(Compose.strings(oneShot.path("volumes"))).contains("mqtt-ingest-secret:/run/pdm-mqtt");
    }

    /**
     * Devices log in as "device" with ingest's setting names, the broker applies the ACL file (checked for real by
     * MosquittoAclIT), and the one-shot hands the device password to the replay service only.
     */
    @Test
    void theDeviceReplayLogsInAsDeviceAndTheBrokerAppliesTheAcl() throws IOException {
        JsonNode services = COMPOSE.path("services");
        JsonNode replay = services.path("replay");
        assertThat(Compose.strings(replay.path("command"))).startsWith("replay", "cmapss");
        assertThat(Compose.environment(replay))
                .containsEntry("PDM_MQTT_USERNAME", "device")
                .containsEntry("PDM_MQTT_PASSWORD_FILE", "/etc/pdm/mqtt/password");
        assertThat(Compose.strings(replay.path("volumes"))).contains("mqtt-device-secret:/etc/pdm/mqtt:ro");
        assertThat(Compose.strings(services.path("mosquitto-passwords").path("volumes")))
                .contains("mqtt-device-secret:/run/pdm-mqtt-device");
        assertThat(Compose.strings(services.path("ingest").path("volumes")))
                .noneMatch(v -> v.startsWith("mqtt-device-secret"));
        assertThat(Compose.strings(services.path("mosquitto").path("volumes")))
                .contains("./deploy/mosquitto/acl:/mosquitto/config/acl:ro");
        assertThat(Files.readAllLines(ROOT.resolve("deploy/mosquitto/mosquitto.conf")))
                .contains("acl_file /mosquitto/config/acl");
    }

    /** The inbox is on: its users file comes from outside the repository, and its port is published. */
    @Test
    void theInboxHasItsUsersFileAndItsPort() throws IOException {
        JsonNode alerting = COMPOSE.path("services").path("alerting");
        Map<String, String> env = Compose.environment(alerting);
        assertThat(env).containsEntry("PDM_ALERTING_INBOX_USERS", "/etc/pdm/inbox/users");
        assertThat(env.get("PDM_ALERTING_INBOX_OIDC_ISSUER")).startsWith("${PDM_ALERTING_INBOX_OIDC_ISSUER");
        assertThat(Compose.strings(alerting.path("volumes")))
                .anySatisfy(
                        v -> assertThat(v).startsWith("${PDM_INBOX_USERS_FILE").endsWith(":/etc/pdm/inbox/users:ro"));
        assertThat(EXAMPLE.get("PDM_INBOX_USERS_FILE")).startsWith("./secrets/");
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("/secrets/");
        assertThat(Compose.strings(alerting.path("ports")))
                .anySatisfy(p -> assertThat(p).endsWith(":8080"));
    }

    @Test
    void dockerComposeAcceptsTheFile(@TempDir Path tmp) throws Exception {
        List<String> tool = ComposeTool.find();
        assumeTrue(
                tool != null,
                "neither docker-compose nor the docker compose plugin is installed: `docker compose config` not run"
                        + " (.ci/run installs Debian's docker-compose where it can)");
        Map<String, String> env = new LinkedHashMap<>(EXAMPLE);
        env.replaceAll((k, v) -> v.isEmpty() ? "test-only-" + k.toLowerCase(java.util.Locale.ROOT) : v);
        Path envFile = tmp.resolve("test.env");
        Files.write(
                envFile,
                env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of("--env-file", envFile.toString(), "-f", FILE.toString(), "config", "-q"));
        Process p = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s said: %s", command, output).isZero();
    }
}
