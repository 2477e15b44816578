package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceAction;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST intake against a real Kafka broker (MQTT disabled). */
class RestApiIT {
    static final String PLANT = "rest-plant";
    static final AvroCodec<MaintenanceLogRecord> LOGS = AvroCodec.of(MaintenanceLogRecord.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static IngestService svc;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        TestInfra.createTopics(PLANT);
        IngestConfig.CsvMapping mapping = new IngestConfig.CsvMapping(
                "Work Order",
                "Machine",
                "Done At",
                "Type",
                "Part",
                "Tech",
                "Notes",
                "dd.MM.yyyy HH:mm",
                "Europe/Berlin",
                ';');
        svc = IngestService.start(TestInfra.config("it-rest")
                .mqttEnabled(false)
                .restPort(0)
                .csv(mapping)
                .build());
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postLog(String asset, String json) throws Exception {
        return post("/api/v1/plants/" + PLANT + "/assets/" + asset + "/maintenance-logs", "application/json", json);
    }

    @Test
    void acceptedThenDuplicateWithOneKafkaRecord() throws Exception {
        String entry =
                "{\"id\":\"wo-rest-1\",\"ts\":\"2026-11-20T07:30:00Z\",\"action\":\"REPAIR\",\"component\":\"seal\",\"text\":\"replaced seal\"}";
        HttpResponse<String> first = postLog("pump-1", entry);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(first.body()))
                .isEqualTo(JSON.readTree("{\"id\":\"wo-rest-1\",\"status\":\"accepted\"}"));
        HttpResponse<String> again = postLog("pump-1", entry);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).get("status").asText()).isEqualTo("duplicate");

        List<MaintenanceLogRecord> logs =
                TestInfra.read(Topics.maintenanceLogs(PLANT), 1, Duration.ofSeconds(20), Duration.ofSeconds(1)).stream()
                        .map(r -> LOGS.decode(r.value()))
                        .filter(r -> r.getId().equals("wo-rest-1"))
                        .toList();
        assertThat(logs).hasSize(1);
        MaintenanceLogRecord r = logs.get(0);
        assertThat(r.getAsset()).isEqualTo("pump-1");
        assertThat(r.getAction()).isEqualTo(MaintenanceAction.REPAIR);
        assertThat(r.getSource()).isEqualTo(LogSource.REST);
        assertThat(r.getTs()).isEqualTo(Instant.parse("2026-11-20T07:30:00Z"));
    }

    @Test
    void prometheusScrapesTheServicesOwnCounters() throws Exception {
        String entry =
                "{\"id\":\"wo-scrape-1\",\"ts\":\"2026-11-20T07:30:00Z\",\"action\":\"INSPECTION\",\"text\":\"ok\"}";
        assertThat(postLog("pump-2", entry).statusCode()).isEqualTo(202);
        HttpResponse<String> scrape = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        double received = scrape.body()
                .lines()
                .filter(l -> l.startsWith("pdm_ingest_received_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
        assertThat(received).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void badInputGivesProblemDetails() throws Exception {
        assertProblem(postLog("pump-1", "{\"id\":\"x\","), 400, "UNPARSABLE_JSON", null);
        assertProblem(
                postLog("pump-1", "{\"id\":\"x\",\"ts\":\"2026-11-20T07:30:00Z\"}"), 400, "SCHEMA_VIOLATION", "text");
        assertProblem(
                postLog("Pump.1", "{\"id\":\"x\",\"ts\":\"2026-11-20T07:30:00Z\",\"text\":\"t\"}"),
                400,
                "INVALID_ID",
                "asset");
        assertProblem(
                post(
                        "/api/v1/plants/Plant_A/assets/pump-1/maintenance-logs",
                        "application/json",
                        "{\"id\":\"x\",\"ts\":\"2026-11-20T07:30:00Z\",\"text\":\"t\"}"),
                400,
                "INVALID_ID",
                "plant");
        assertProblem(
                postLog("pump-1", "{\"id\":\"x\",\"ts\":\"2099-01-01T00:00:00Z\",\"text\":\"t\"}"),
                422,
                "TIMESTAMP_OUT_OF_SKEW",
                "ts");
        HttpResponse<String> media =
                post("/api/v1/plants/" + PLANT + "/assets/pump-1/maintenance-logs", "text/plain", "hello");
        assertThat(media.statusCode()).isEqualTo(415);
        assertThat(media.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(media.body()).get("reason").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    private static void assertProblem(HttpResponse<String> res, int status, String reason, String field)
            throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode p = JSON.readTree(res.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("https://");
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("reason").asText()).isEqualTo(reason);
        if (field != null) {
            assertThat(p.get("field").asText()).isEqualTo(field);
            assertThat(p.get("detail").asText()).contains(field);
        }
    }

    @Test
    void csvImportIsAllOrNothingAndReportsEveryRejectedLine() throws Exception {
        String csv = """
                Work Order;Machine;Done At;Type;Part;Tech;Notes
                WO-200;press-2;03.11.2026 14:05;inspection;;ana;"looked at the
                hydraulics, all fine"
                WO-201;press-2;04.11.2026 09:00;Cleaning;filter;bo;mixed-case action
                WO-202;press-3;05.11.2026 10:00;polishing;;bo;unknown action
                WO-203;press-3;31.02.2026 10:00;repair;;bo;bad date
                WO-204;press-3;05.11.2026 10:00;repair ;;bo;padded action
                WO-205;press-3;05.11.2026 10:00;   ;;bo;blank action
                WO-206;press-3;05.11.2026 10:00;repair;;bo;one value too many;extra
                """;
        HttpResponse<String> res =
                post("/api/v1/plants/" + PLANT + "/maintenance-logs:import?file=export.csv", "text/csv", csv);
        assertProblem(res, 422, "CSV_REJECTED", null);
        JsonNode p = JSON.readTree(res.body());
        assertThat(p.get("imported").asInt()).isZero();
        JsonNode rejected = p.get("rejected");
        assertThat(rejected).hasSize(6);
        assertThat(rejected.findValues("line")).extracting(JsonNode::asInt).containsExactly(4, 5, 6, 7, 8, 9);
        assertThat(rejected.get(0).get("detail").asText()).contains("'Cleaning'");
        assertThat(rejected.get(1).get("detail").asText()).contains("polishing");
        assertThat(rejected.get(2).get("reason").asText()).isEqualTo("INVALID_TIMESTAMP");
        assertThat(rejected.get(3).get("detail").asText()).contains("'repair '");
        assertThat(rejected.get(4).get("detail").asText()).contains("'   '");
        assertThat(rejected.get(5).get("detail").asText()).contains("8 values", "7 columns");
        // nothing of the file was stored, not even its valid first row, and nothing dead-lettered
        assertThat(TestInfra.read(Topics.maintenanceLogs(PLANT), 1, Duration.ofSeconds(3), Duration.ZERO).stream()
                        .map(r -> LOGS.decode(r.value()).getId()))
                .doesNotContain("WO-200");
        assertThat(TestInfra.read(Topics.dlq(PLANT), 1, Duration.ofSeconds(3), Duration.ZERO).stream()
                        .map(r -> BridgeIT.header(r, Topics.HEADER_SOURCE)))
                .noneMatch(source -> source.startsWith("csv:"));
    }

    @Test
    void aValidCsvImportStoresEveryRow() throws Exception {
        String csv = """
                Work Order;Machine;Done At;Type;Part;Tech;Notes
                WO-100;press-2;03.11.2026 14:05;inspection;;ana;"looked at the
                hydraulics, all fine"
                WO-101;press-2;04.11.2026 09:00;CLEANING;filter;bo;cleaned filter
                WO-100;press-2;03.11.2026 14:05;inspection;;ana;same again
                WO-102;press-3;05.11.2026 10:00;;;bo;no action given
                """;
        HttpResponse<String> res =
                post("/api/v1/plants/" + PLANT + "/maintenance-logs:import?file=export.csv", "text/csv", csv);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(res.body());
        assertThat(report.get("imported").asInt()).isEqualTo(3);
        assertThat(report.get("duplicates").asInt()).isEqualTo(1);
        assertThat(report.get("rejected")).isEmpty();

        List<MaintenanceLogRecord> logs =
                TestInfra.read(Topics.maintenanceLogs(PLANT), 3, Duration.ofSeconds(20), Duration.ofSeconds(1)).stream()
                        .map(r -> LOGS.decode(r.value()))
                        .filter(r -> r.getId().startsWith("WO-1"))
                        .toList();
        assertThat(logs)
                .extracting(MaintenanceLogRecord::getId)
                .containsExactlyInAnyOrder("WO-100", "WO-101", "WO-102");
        MaintenanceLogRecord wo100 = logs.stream()
                .filter(r -> r.getId().equals("WO-100"))
                .findFirst()
                .orElseThrow();
        assertThat(wo100.getTs()).isEqualTo(Instant.parse("2026-11-03T13:05:00Z")); // Berlin is UTC+1 in November
        assertThat(wo100.getText()).isEqualTo("looked at the\nhydraulics, all fine");
        assertThat(wo100.getComponent()).isNull();
        assertThat(wo100.getSource()).isEqualTo(LogSource.CSV);
        assertThat(logs.stream()
                        .filter(r -> r.getId().equals("WO-102"))
                        .findFirst()
                        .orElseThrow()
                        .getAction())
                .isEqualTo(MaintenanceAction.OTHER);
    }

    @Test
    void aCsvWithABomInvalidUtf8OrAnUnknownColumnIsRejectedWithTheReason() throws Exception {
        String header = "Work Order;Machine;Done At;Type;Part;Tech;Notes\n";
        String row = "WO-300;press-2;03.11.2026 14:05;repair;;ana;fine\n";
        byte[] bom = ("\uFEFF" + header + row).getBytes(StandardCharsets.UTF_8);
        assertProblem(postBytes(bom), 400, "UNPARSABLE_CSV", null);
        assertThat(JSON.readTree(postBytes(bom).body()).get("detail").asText()).contains("byte order mark");

        byte[] latin1 = (header + "WO-301;press-2;03.11.2026 14:05;repair;;Jürgen;fine\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> invalid = postBytes(latin1);
        assertProblem(invalid, 400, "UNPARSABLE_CSV", null);
        assertThat(JSON.readTree(invalid.body()).get("detail").asText()).contains("not valid UTF-8", "line 2", "0xFC");

        HttpResponse<String> extra = post(
                "/api/v1/plants/" + PLANT + "/maintenance-logs:import",
                "text/csv",
                "Work Order;Machine;Done At;Type;Part;Tech;Notes;Cost\n" + row.strip() + ";12\n");
        assertProblem(extra, 400, "SCHEMA_VIOLATION", "Cost");
    }

    private static HttpResponse<String> postBytes(byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + svc.restPort() + "/api/v1/plants/" + PLANT + "/maintenance-logs:import"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void csvWithoutMappedColumnIsRejectedWhole() throws Exception {
        HttpResponse<String> res =
                post("/api/v1/plants/" + PLANT + "/maintenance-logs:import", "text/csv", "a;b\n1;2\n");
        assertProblem(res, 400, "UNPARSABLE_CSV", "Work Order");
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).get("status").asText()).isEqualTo("UP");
    }
}
