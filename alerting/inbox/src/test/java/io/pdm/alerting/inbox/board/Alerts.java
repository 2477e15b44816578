package io.pdm.alerting.inbox.board;

import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;
import java.util.List;

/** Alert states for tests, built the way the lifecycle writes them to the state topic. */
public final class Alerts {
    public static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    private Alerts() {}

    /** An open, active, unacknowledged alert raised at {@code raisedAt}. */
    public static AlertState open(String plant, String fp, String asset, int severity, Instant raisedAt) {
        return state(plant, fp, asset, severity, true, false, false, raisedAt, null, null, List.of());
    }

    public static AlertState state(
            String plant,
            String fp,
            String asset,
            int severity,
            boolean active,
            boolean acknowledged,
            boolean resolved,
            Instant raisedAt,
            Instant closedAt,
            AlertState.Shelving shelving,
            List<String> suppressedBy) {
        AlertFacts facts = new AlertFacts(
                "cand-" + fp,
                raisedAt,
                asset + ": bearing wear",
                "Bearing wear on " + asset + ".",
                new AlertFacts.RemainingLife(96, 60, 130, 0.9, "HOUR"),
                "DEGRADING",
                new AlertFacts.Evidence("vibration above its limit", List.of()),
                List.of("WO-1041"),
                "ab".repeat(32),
                4L,
                "template",
                true);
        return new AlertState(
                fp,
                1,
                plant,
                asset,
                "pump-set",
                "REMAINING_LIFE_LOW",
                "bearing-wear",
                active,
                acknowledged,
                false,
                resolved,
                severity,
                shelving,
                suppressedBy,
                false,
                false,
                raisedAt,
                raisedAt,
                raisedAt,
                active ? null : closedAt,
                closedAt,
                raisedAt,
                raisedAt,
                0,
                null,
                1,
                List.of(raisedAt),
                facts,
                List.of(),
                List.of());
    }

    public static AlertState closed(String plant, String fp, String asset, Instant raisedAt, Instant closedAt) {
        return state(plant, fp, asset, 500, false, true, false, raisedAt, closedAt, null, List.of());
    }
}
