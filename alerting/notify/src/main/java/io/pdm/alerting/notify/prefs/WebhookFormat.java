package io.pdm.alerting.notify.prefs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body a webhook target expects. */
public enum WebhookFormat {
    /** Our own JSON, schema {@code https://pdm.example/schemas/notification-webhook/v1}. */
    @JsonProperty("generic")
    GENERIC,
    /** A Slack incoming webhook: {@code text} (the fallback) and Block Kit {@code blocks}. */
    @JsonProperty("slack")
    SLACK,
    /** A Microsoft Teams incoming webhook / workflow: a message with one Adaptive Card attachment. */
    @JsonProperty("teams")
    TEAMS
}
