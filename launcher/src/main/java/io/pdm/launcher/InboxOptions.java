package io.pdm.launcher;

import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.alerting.inbox.security.InboxUsers;
import io.pdm.schemas.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The web inbox's options of {@code pdm alerting}, one name each ({@code --inbox-*}, {@code PDM_ALERTING_INBOX_*};
 * the store is the shared {@code --jdbc}/{@code PDM_JDBC}). The inbox runs when people can log in to it: a users
 * file, an OIDC issuer, or both; without either the port serves the probes only, as before.
 */
final class InboxOptions {
    @Option(
            names = "--inbox-users",
            defaultValue = "${env:PDM_ALERTING_INBOX_USERS}",
            description = "The inbox's users file: NAME BCRYPT-HASH ROLES per line, roles admin or engineer:PLANT"
                    + " (PDM_ALERTING_INBOX_USERS; see alerting/inbox/README.md).")
    Path users;

    @Option(
            names = "--inbox-session-timeout",
            defaultValue = "${env:PDM_ALERTING_INBOX_SESSION_TIMEOUT:-30m}",
            description = "An idle inbox session expires after this (PDM_ALERTING_INBOX_SESSION_TIMEOUT,"
                    + " default ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(
            names = "--inbox-max-alerts",
            defaultValue = "${env:PDM_ALERTING_INBOX_MAX_ALERTS:-10000}",
            description = "At most this many alerts in the inbox's view; the oldest closed ones go first"
                    + " (PDM_ALERTING_INBOX_MAX_ALERTS, default ${DEFAULT-VALUE}).")
    int maxAlerts;

    @Option(
            names = "--inbox-oidc-issuer",
            defaultValue = "${env:PDM_ALERTING_INBOX_OIDC_ISSUER}",
            description = "OIDC issuer URI whose access tokens the inbox's JSON API accepts"
                    + " (PDM_ALERTING_INBOX_OIDC_ISSUER; none by default).")
    String oidcIssuer;

    @Option(
            names = "--inbox-oidc-roles-claim",
            defaultValue = "${env:PDM_ALERTING_INBOX_OIDC_ROLES_CLAIM:-" + InboxSettings.Oidc.DEFAULT_ROLES_CLAIM + "}",
            description = "The token claim with the roles (admin, engineer:PLANT)"
                    + " (PDM_ALERTING_INBOX_OIDC_ROLES_CLAIM, default ${DEFAULT-VALUE}).")
    String oidcRolesClaim;

    @Option(
            names = "--jdbc",
            defaultValue = "${env:PDM_JDBC}",
            description = "The plant's PostgreSQL JDBC URL, for the inbox's charts (PDM_JDBC; without it the charts"
                    + " are unavailable).")
    String jdbc;

    boolean enabled() {
        return users != null || (oidcIssuer != null && !oidcIssuer.isBlank());
    }

    /** The settings of an inbox for one plant; closed alerts stay in view as long as the lifecycle keeps them. */
    InboxSettings settings(
            String plant,
            String kafka,
            KafkaSecurity security,
            String bind,
            int port,
            Duration maxShelve,
            Duration retention,
            InboxSettings.Probes probes) {
        List<InboxUser> people = users == null ? List.of() : InboxUsers.load(users);
        InboxSettings.Oidc oidc = oidcIssuer == null || oidcIssuer.isBlank()
                ? null
                : new InboxSettings.Oidc(oidcIssuer.trim(), oidcRolesClaim);
        return new InboxSettings(
                List.of(plant),
                kafka,
                security,
                people,
                bind,
                port,
                sessionTimeout,
                maxShelve,
                new Retention(retention, maxAlerts),
                oidc,
                jdbc == null || jdbc.isBlank() ? Map.of() : Map.of(plant, jdbc.trim()),
                probes);
    }
}
