package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.SilenceMatchers;
import java.time.Instant;

/** A silence in force between start and end (inclusive, exclusive) for the alerts its matchers select. */
public record Silence(
        String id, SilenceMatchers matchers, Instant start, Instant end, String by, Instant at, String comment) {

    public static Silence of(AlertCommand.SilenceAdd c) {
        return new Silence(
                c.silenceId(),
                c.matchers() == null ? new SilenceMatchers(null, null, null, null, null) : c.matchers(),
                c.start(),
                c.end(),
                c.by(),
                c.at(),
                c.comment());
    }

    /** Over: it can be forgotten. */
    public boolean expired(Instant now) {
        return !now.isBefore(end);
    }
}
