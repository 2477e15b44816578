package io.pdm.alerting.inbox.board;

import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.SeverityBand;

/**
 * What the alert list asks for: optional plant, asset and severity filters (a minimum severity 1–1000 and/or a
 * minimum band), a state filter, and a page (0-based) of at most {@link #MAX_SIZE} alerts.
 */
public record BoardQuery(
        String plant, String asset, Integer minSeverity, SeverityBand minBand, StateFilter state, int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public BoardQuery {
        plant = blankToNull(plant);
        asset = blankToNull(asset);
        if (minSeverity != null && (minSeverity < 1 || minSeverity > 1000)) {
            throw new IllegalArgumentException("severity must be 1-1000, was " + minSeverity);
        }
        if (state == null) state = StateFilter.ALL;
        if (page < 0) throw new IllegalArgumentException("page must be >= 0, was " + page);
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1-" + MAX_SIZE + ", was " + size);
        }
    }

    public static BoardQuery all() {
        return new BoardQuery(null, null, null, null, StateFilter.ALL, 0, DEFAULT_SIZE);
    }

    public boolean matches(AlertState a) {
        return (plant == null || plant.equals(a.plant()))
                && (asset == null || asset.equals(a.asset()))
                && (minSeverity == null || a.severity() >= minSeverity)
                && (minBand == null || a.band().compareTo(minBand) >= 0)
                && state.matches(a);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
