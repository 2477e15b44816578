package io.pdm.alerting.inbox.board;

import io.pdm.schemas.alerting.AlertState;
import java.util.List;

/** One page of the alert list, newest first; {@code total} counts every alert the query matched. */
public record BoardPage(List<AlertState> alerts, int page, int size, int total) {
    public BoardPage {
        alerts = List.copyOf(alerts);
    }
}
