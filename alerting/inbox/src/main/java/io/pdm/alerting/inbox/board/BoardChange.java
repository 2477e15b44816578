package io.pdm.alerting.inbox.board;

import io.pdm.schemas.alerting.AlertState;

/** One alert changed: its new state, or {@code alert == null} when it left the board (tombstone or retention). */
public record BoardChange(String plant, String fingerprint, AlertState alert) {
    public boolean removed() {
        return alert == null;
    }
}
