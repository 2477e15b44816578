package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.InboxSettings;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness and readiness of the process that hosts the inbox, at the platform's probe paths (every service answers
 * {@code /actuator/health/liveness} and {@code …/readiness}, so one probe definition fits all), open to anyone.
 */
@RestController
public class ProbeController {
    private final InboxSettings.Probes probes;

    public ProbeController(InboxSettings.Probes probes) {
        this.probes = probes;
    }

    @GetMapping("/actuator/health/liveness")
    public ResponseEntity<Map<String, String>> liveness() {
        return answer(probes.live().getAsBoolean());
    }

    @GetMapping("/actuator/health/readiness")
    public ResponseEntity<Map<String, String>> readiness() {
        return answer(probes.ready().getAsBoolean());
    }

    private static ResponseEntity<Map<String, String>> answer(boolean up) {
        return ResponseEntity.status(up ? 200 : 503).body(Map.of("status", up ? "UP" : "DOWN"));
    }
}
