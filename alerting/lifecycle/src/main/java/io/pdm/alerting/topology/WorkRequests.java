package io.pdm.alerting.topology;

import io.pdm.assets.FailureMode;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.WorkRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The work request of an alert, field for field as IBM Maximo ({@code mxapisr}) and SAP PM (notification M2) take it
 * (docs/maintenance-events.md). Codes come from the asset type's catalogue: its failure mode is the SAP damage code,
 * the mode's first component the object part, the type's id the code group. Asset types have no cause catalogue, so
 * the cause is the detection kind in the fixed code group {@code PDM-DETECT}.
 */
public final class WorkRequests {
    public static final String CAUSE_GROUP = "PDM-DETECT";

    private final AssetCatalogue catalogue;

    public WorkRequests(AssetCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public WorkRequest of(AlertState a, String requestedBy) {
        AlertFacts f = a.facts();
        String title = f == null || f.title() == null || f.title().isBlank()
                ? a.asset() + ": " + a.kind().toLowerCase(Locale.ROOT).replace('_', ' ')
                : f.title();
        String longText = longText(a);
        String plant = a.plant().toUpperCase(Locale.ROOT);
        String asset = a.asset().toUpperCase(Locale.ROOT);
        int band = a.band().ordinal(); // 0 info … 4 critical
        Optional<FailureMode> mode = catalogue.failureMode(a.assetType(), a.failureMode());
        String group = a.assetType() == null ? null : a.assetType().toUpperCase(Locale.ROOT);
        return new WorkRequest(
                new WorkRequest.Maximo(truncate(title, 100), longText, asset, plant, plant, 5 - band, requestedBy),
                new WorkRequest.SapPm(
                        "M2",
                        truncate(title, WorkRequest.SapPm.SHORT_TEXT_MAX),
                        longText,
                        asset,
                        plant,
                        Integer.toString(Math.max(1, 4 - Math.max(0, band - 1))),
                        mode.isPresent() ? group : null,
                        mode.flatMap(m -> m.components().stream().findFirst()).orElse(null),
                        mode.isPresent() ? group : null,
                        mode.map(FailureMode::id).orElse(null),
                        CAUSE_GROUP,
                        a.kind(),
                        requestedBy));
    }

    private static String longText(AlertState a) {
        AlertFacts f = a.facts();
        StringBuilder b = new StringBuilder();
        if (f != null && f.text() != null) b.append(f.text()).append("\n\n");
        b.append("Severity ").append(a.severity()).append(" (").append(a.band()).append("), ");
        b.append(a.kind());
        if (a.failureMode() != null) b.append(", failure mode ").append(a.failureMode());
        b.append('.');
        if (f != null && f.remainingLife() != null) {
            AlertFacts.RemainingLife r = f.remainingLife();
            b.append("\nRemaining life ")
                    .append(whole(r.predicted()))
                    .append(' ')
                    .append(r.unit());
            b.append(" (")
                    .append(whole(r.coverage() * 100))
                    .append("% interval ")
                    .append(whole(r.lower()));
            b.append('-').append(whole(r.upper())).append(").");
        }
        if (f != null && f.evidence() != null && !f.evidence().reason().isBlank()) {
            b.append("\nEvidence: ").append(f.evidence().reason());
        }
        if (f != null && !f.citedLogs().isEmpty()) {
            b.append("\nPast work orders: ").append(String.join(", ", f.citedLogs()));
        }
        b.append("\npdm alert ").append(a.fingerprint()).append(" #").append(a.sequence());
        return b.toString();
    }

    /**
     * {@code String.format(Locale.ROOT, "%.0f", x)}, which was 6 % of the lifecycle thread in the latency run's profile
     * (one per event). For a non-negative finite x below 2^52, half-up rounding of its shortest decimal form (what
     * the formatter rounds) equals {@link Math#round}; anything else still goes to the formatter (WorkRequestsTest).
     */
    static String whole(double x) {
        if (Double.doubleToRawLongBits(x) >= 0 && x < 0x1p52) return Long.toString(Math.round(x)); // not -0.0
        return String.format(Locale.ROOT, "%.0f", x);
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
