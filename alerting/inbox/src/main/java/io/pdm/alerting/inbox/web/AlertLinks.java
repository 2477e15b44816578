package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.security.PlantAccess;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The address a notification links to, {@code {inbox}/alerts/{fingerprint}} (the notifier knows the fingerprint, and
 * one inbox may serve several plants): it opens the alert's page in whichever of the person's plants has it. Without
 * a session the login comes first and then this address again. Only the person's own plants are searched, so an
 * alert of another plant is "not found" here, as the API does not tell whether it exists.
 */
@Controller
public class AlertLinks {
    private final AlertBoard board;
    private final InboxSettings settings;

    public AlertLinks(AlertBoard board, InboxSettings settings) {
        this.board = board;
        this.settings = settings;
    }

    @GetMapping("/alerts/{fingerprint}")
    public ResponseEntity<Void> open(@PathVariable String fingerprint, Authentication auth) {
        PlantAccess access = PlantAccess.of(auth);
        String fp = enc(fingerprint);
        String to = settings.plants().stream()
                .filter(access::canSee)
                .filter(p -> board.get(p, fingerprint).isPresent())
                .findFirst()
                .map(p -> "/alert.html?plant=" + enc(p) + "&fp=" + fp)
                .orElse("/alert.html?fp=" + fp); // the page says it is not among the person's alerts
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(to)).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
