package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.Inbox;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.charts.ChartStore;
import io.pdm.alerting.inbox.charts.Charts;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.isa.AlarmSystemReport;
import io.pdm.alerting.inbox.isa.AlarmSystemStats;
import io.pdm.alerting.inbox.security.PlantAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an alert's detail and the alarm-system page show besides the alert itself: the charts (from the plant's
 * store) and the ISA-18.2 measures (from the event feed), under the same plant rule as every other read.
 */
@RestController
@RequestMapping("/api")
public class InsightController {
    private final InboxController alerts;
    private final ChartStore charts;
    private final EventLog events;
    private final AlertBoard board;
    private final Clock clock;

    public InsightController(
            InboxController alerts, ChartStore charts, EventLog events, AlertBoard board, Clock clock) {
        this.alerts = alerts;
        this.charts = charts;
        this.events = events;
        this.board = board;
        this.clock = clock;
    }

    @GetMapping("/alerts/{plant}/{fingerprint}/charts")
    public Charts charts(@PathVariable String plant, @PathVariable String fingerprint, Authentication auth) {
        return charts.charts(alerts.visibleAlert(PlantAccess.of(auth), plant, fingerprint));
    }

    /** The plant's ISA-18.2 measures over the last {@code hours} (1 to the event log's 7 days). */
    @GetMapping("/alarm-system/{plant}")
    public AlarmSystemReport alarmSystem(
            @PathVariable String plant, @RequestParam(defaultValue = "24") int hours, Authentication auth) {
        alerts.checkPlant(PlantAccess.of(auth), plant);
        if (hours < 1 || hours > Inbox.EVENT_WINDOW.toHours()) {
            throw InboxProblem.badRequest("hours must be 1-" + Inbox.EVENT_WINDOW.toHours() + ", was " + hours);
        }
        Instant to = clock.instant();
        return AlarmSystemStats.compute(
                plant, events.of(plant), board.alertsOf(plant), to.minus(Duration.ofHours(hours)), to);
    }
}
