package io.pdm.ingest.web;

import io.pdm.ingest.CsvImporter;
import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestMetrics;
import io.pdm.ingest.MaintenanceIntake;
import io.pdm.ingest.RejectReason;
import io.pdm.ingest.Rejection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Maintenance-log REST intake. Answers come after Kafka acknowledged (async, no thread held). */
@RestController
@RequestMapping("/api/v1")
class MaintenanceController {
    private final MaintenanceIntake intake;
    private final CsvImporter importer;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    MaintenanceController(MaintenanceIntake intake, CsvImporter importer, IngestMetrics metrics, IngestConfig config) {
        this.intake = intake;
        this.importer = importer;
        this.metrics = metrics;
        this.config = config;
    }

    @GetMapping("/health")
    Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "UP");
        m.put("received", metrics.receivedCount());
        m.put("forwarded", metrics.forwardedCount());
        m.put("rejected", metrics.rejectedCount());
        m.put("duplicates", metrics.duplicateCount());
        m.put("kafkaSendFailures", metrics.sendFailureCount());
        return m;
    }

    @PostMapping(path = "/plants/{plant}/assets/{asset}/maintenance-logs", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<?>> post(
            @PathVariable String plant, @PathVariable String asset, @RequestBody(required = false) byte[] body) {
        return intake.submitJson(plant, asset, body == null ? new byte[0] : body, System.currentTimeMillis())
                .thenApply(o -> {
                    if (!o.isOk()) return ProblemAdvice.problem(o.rejection());
                    MaintenanceIntake.Result r = o.value();
                    return ResponseEntity.status(HttpStatus.ACCEPTED)
                            .body(Map.of(
                                    "id", r.id(), "status", r.status().name().toLowerCase(Locale.ROOT)));
                });
    }

    @PostMapping(
            path = "/plants/{plant}/maintenance-logs:import",
            consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    CompletableFuture<ResponseEntity<?>> importCsv(
            @PathVariable String plant,
            @RequestParam(required = false) String asset,
            @RequestParam(defaultValue = "upload") String file,
            @RequestBody(required = false) byte[] body) {
        Rejection ids = intake.validator().checkPlant(plant, asset); // an unknown plant: 404, nothing imported
        if (ids != null) return CompletableFuture.completedFuture(ProblemAdvice.problem(ids));
        byte[] csv = body == null ? new byte[0] : body;
        if (csv.length > config.limits().maxImportBytes()) {
            return CompletableFuture.completedFuture(ProblemAdvice.problem(new Rejection(
                    RejectReason.OVERSIZED_PAYLOAD,
                    null,
                    "CSV has " + csv.length + " bytes, the limit is "
                            + config.limits().maxImportBytes())));
        }
        return importer.importCsv(plant, asset, file.replaceAll("[^A-Za-z0-9._-]", "_"), csv)
                .thenApply(report -> {
                    List<Map<String, Object>> rejected = report.rejected().stream()
                            .map(r -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("line", r.line());
                                m.put("reason", r.reason().name());
                                if (r.field() != null) m.put("field", r.field());
                                m.put("detail", r.detail());
                                return m;
                            })
                            .toList();
                    if (!rejected.isEmpty()) { // all or nothing: nothing was sent
                        ResponseEntity<ProblemDetail> p = ProblemAdvice.problem(new Rejection(
                                RejectReason.SCHEMA_VIOLATION,
                                null,
                                rejected.size()
                                        + " row(s) rejected, nothing imported; fix them and send the file again"));
                        ProblemDetail pd = p.getBody();
                        pd.setStatus(422);
                        pd.setType(java.net.URI.create(ProblemAdvice.TYPE_BASE + "csv-rejected"));
                        pd.setTitle("CSV rejected");
                        pd.setProperty("reason", "CSV_REJECTED");
                        pd.setProperty("imported", 0);
                        pd.setProperty("rejected", rejected);
                        return ResponseEntity.status(422)
                                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                .body(pd);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("imported", report.imported());
                    out.put("duplicates", report.duplicates());
                    out.put("rejected", rejected);
                    return ResponseEntity.ok(out);
                });
    }
}
