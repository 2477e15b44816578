package io.pdm.alerting.inbox.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.alerting.inbox.board.Alerts;
import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class AlertActionsTest {
    static final Instant NOW = Alerts.T0.plusSeconds(600);
    final AlertActions actions = new AlertActions(Duration.ofHours(8));
    final AlertState open = Alerts.open("plant-a", "fp1", "pump-1", 700, Alerts.T0);

    @Test
    void eachActionBecomesItsCommandByTheUserAtNow() {
        var ack = actions.build(
                "acknowledge", new ActionRequest("click-0001", null, null, "on it", null), open, "ann", NOW);
        assertThat(ack).isEqualTo(new AlertCommand.Acknowledge("click-0001", "fp1", "pump-1", "ann", NOW, "on it"));
        var shelve = actions.build(
                "shelve", new ActionRequest(null, "2h", "pump swap tonight", null, null), open, "ann", NOW);
        assertThat(shelve).isInstanceOfSatisfying(AlertCommand.Shelve.class, s -> {
            assertThat(s.duration()).isEqualTo(Duration.ofHours(2));
            assertThat(s.reason()).isEqualTo("pump swap tonight");
            assertThat(s.commandId()).hasSize(36); // made by the inbox when the page sent none
        });
        assertThat(actions.build("shelve", new ActionRequest(null, "PT30M", "x", null, null), open, "ann", NOW))
                .extracting(c -> ((AlertCommand.Shelve) c).duration())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(actions.build("resolve", null, open, "ann", NOW)).isInstanceOf(AlertCommand.Resolve.class);
        assertThat(actions.build("request-work", null, open, "ann", NOW)).isInstanceOf(AlertCommand.RequestWork.class);
        assertThat(actions.build(
                        "comment", new ActionRequest(null, null, null, null, " looks worse "), open, "ann", NOW))
                .asInstanceOf(InstanceOfAssertFactories.type(AlertCommand.Comment.class))
                .extracting(AlertCommand.Comment::text)
                .isEqualTo("looks worse");
    }

    @Test
    void refusalsArePrecise() {
        AlertState closed = Alerts.closed("plant-a", "fp2", "pump-2", Alerts.T0, NOW);
        AlertState acked =
                Alerts.state("plant-a", "fp3", "pump-3", 700, true, true, false, Alerts.T0, null, null, List.of());
        assertProblem(() -> actions.build("acknowledge", null, closed, "ann", NOW), HttpStatus.CONFLICT, "closed");
        assertProblem(() -> actions.build("acknowledge", null, acked, "ann", NOW), HttpStatus.CONFLICT, "already");
        assertProblem(() -> actions.build("unshelve", null, open, "ann", NOW), HttpStatus.CONFLICT, "not shelved");
        assertProblem(
                () -> actions.build("shelve", new ActionRequest(null, "2h", " ", null, null), open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "reason is required");
        assertProblem(
                () -> actions.build("shelve", new ActionRequest(null, null, "r", null, null), open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "duration is required");
        assertProblem(
                () -> actions.build("shelve", new ActionRequest(null, "9h", "r", null, null), open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "maximum shelving of 8h");
        assertProblem(
                () -> actions.build("shelve", new ActionRequest(null, "0m", "r", null, null), open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "positive");
        assertProblem(
                () -> actions.build("shelve", new ActionRequest(null, "soon", "r", null, null), open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "'soon'");
        assertProblem(
                () -> actions.build("comment", ActionRequest.EMPTY, open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "text is required");
        assertProblem(
                () -> actions.build("acknowledge", new ActionRequest("x y", null, null, null, null), open, "ann", NOW),
                HttpStatus.BAD_REQUEST,
                "commandId");
        assertProblem(() -> actions.build("delete", null, open, "ann", NOW), HttpStatus.NOT_FOUND, "no action");
    }

    static void assertProblem(Runnable r, HttpStatus status, String detail) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(
                        InboxProblem.class, p -> assertThat(p.status()).isEqualTo(status))
                .hasMessageContaining(detail);
    }
}
