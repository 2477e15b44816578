package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.BoardPage;
import io.pdm.alerting.inbox.board.BoardQuery;
import io.pdm.alerting.inbox.board.StateFilter;
import io.pdm.alerting.inbox.security.PlantAccess;
import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.SeverityBand;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inbox's JSON API: the list (filters, paging, newest first), one alert, and the actions on it. Every alert is
 * addressed by plant and fingerprint, so the plant rule comes first: another plant's alert is <b>403</b> without
 * looking it up (the plant is in the address and is no secret; whether an alert exists there is not told), an
 * unknown alert of a visible plant <b>404</b>. An action becomes a command on the plant's alert-commands topic; the
 * change itself arrives through the state topic (and the live stream) once the lifecycle has applied it, so the
 * answer is 202 Accepted with the command id.
 */
@RestController
@RequestMapping("/api")
public class InboxController {
    private final AlertBoard board;
    private final AlertActions actions;
    private final CommandSink sink;
    private final InboxSettings settings;
    private final Clock clock;

    public InboxController(
            AlertBoard board, AlertActions actions, CommandSink sink, InboxSettings settings, Clock clock) {
        this.board = board;
        this.actions = actions;
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
    }

    /** Who is logged in, the plants they see, and what the page needs to know (the longest shelving). */
    @GetMapping("/me")
    public Map<String, Object> me(Authentication auth) {
        PlantAccess access = PlantAccess.of(auth);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", access.user());
        out.put("admin", access.admin());
        out.put("plants", settings.plants().stream().filter(access::canSee).toList());
        out.put("maxShelve", actions.maxShelve().toString());
        return out;
    }

    @GetMapping("/alerts")
    public BoardPage list(
            @RequestParam(required = false) String plant,
            @RequestParam(required = false) String asset,
            @RequestParam(required = false) Integer severity,
            @RequestParam(required = false) String band,
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + BoardQuery.DEFAULT_SIZE) int size,
            Authentication auth) {
        PlantAccess access = PlantAccess.of(auth);
        if (plant != null && !plant.isBlank()) checkPlant(access, plant.trim());
        BoardQuery q;
        try {
            q = new BoardQuery(plant, asset, severity, band(band), StateFilter.parse(state), page, size);
        } catch (IllegalArgumentException e) {
            throw InboxProblem.badRequest(e.getMessage());
        }
        return board.query(q, access::canSee);
    }

    @GetMapping("/alerts/{plant}/{fingerprint}")
    public AlertState detail(@PathVariable String plant, @PathVariable String fingerprint, Authentication auth) {
        return visibleAlert(PlantAccess.of(auth), plant, fingerprint);
    }

    @PostMapping("/alerts/{plant}/{fingerprint}/{action}")
    public ResponseEntity<Map<String, Object>> act(
            @PathVariable String plant,
            @PathVariable String fingerprint,
            @PathVariable String action,
            @RequestBody(required = false) ActionRequest body,
            Authentication auth) {
        PlantAccess access = PlantAccess.of(auth);
        AlertState alert = visibleAlert(access, plant, fingerprint);
        Instant now = clock.instant();
        AlertCommand command = actions.build(action, body, alert, access.user(), now);
        sink.send(plant, command);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commandId", command.commandId());
        out.put("action", action);
        out.put("by", command.by());
        out.put("at", command.at().toString());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
    }

    public AlertState visibleAlert(PlantAccess access, String plant, String fingerprint) {
        checkPlant(access, plant);
        return board.get(plant, fingerprint)
                .orElseThrow(() -> new InboxProblem(
                        HttpStatus.NOT_FOUND,
                        "Unknown alert",
                        "no alert " + fingerprint + " in " + plant + " (unknown, or closed and past the retention)"));
    }

    public void checkPlant(PlantAccess access, String plant) {
        if (!settings.plants().contains(plant)) {
            throw new InboxProblem(
                    HttpStatus.NOT_FOUND,
                    "Unknown plant",
                    "this inbox serves " + String.join(", ", settings.plants()) + ", not " + plant);
        }
        if (!access.canSee(plant)) {
            throw new InboxProblem(
                    HttpStatus.FORBIDDEN,
                    "Another plant",
                    access.user() + " may see and act on the alerts of " + visiblePlants(access) + " only");
        }
    }

    private String visiblePlants(PlantAccess access) {
        List<String> plants = settings.plants().stream().filter(access::canSee).toList();
        return plants.isEmpty() ? "no plant" : String.join(", ", plants);
    }

    static SeverityBand band(String band) {
        if (band == null || band.isBlank()) return null;
        try {
            return SeverityBand.valueOf(band.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InboxProblem.badRequest("band must be one of info, low, medium, high, critical; was '" + band + "'");
        }
    }
}
