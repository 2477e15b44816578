package io.pdm.alerting.inbox.web;

import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Turns an engineer's action on an alert into the {@link AlertCommand} the lifecycle applies, or refuses it with a
 * precise {@link InboxProblem}: a closed alert takes no action (409, as the lifecycle would send it to the dead
 * letters), acknowledging an acknowledged alert is a conflict (409), a shelve needs a reason and a duration of at
 * most {@code maxShelve} (400), a comment needs text (400), an unknown action is 404. {@code by} is the logged-in
 * user and {@code at} the inbox's clock: nobody can act in someone else's name.
 */
public final class AlertActions {
    public static final int MAX_TEXT = 4000;
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{8,100}");

    private final Duration maxShelve;

    public AlertActions(Duration maxShelve) {
        this.maxShelve = maxShelve;
    }

    public Duration maxShelve() {
        return maxShelve;
    }

    public AlertCommand build(String action, ActionRequest r, AlertState alert, String user, Instant now) {
        if (r == null) r = ActionRequest.EMPTY;
        if (alert.closed()) {
            throw new InboxProblem(
                    HttpStatus.CONFLICT,
                    "Alert closed",
                    "alert " + alert.fingerprint() + " is closed (" + alert.stateName() + "); a new one opens when"
                            + " the condition returns");
        }
        String id = commandId(r.commandId());
        String fp = alert.fingerprint(), asset = alert.asset();
        String comment = optionalText("comment", r.comment());
        return switch (action) {
            case "acknowledge" -> {
                if (alert.acknowledged()) {
                    throw new InboxProblem(
                            HttpStatus.CONFLICT, "Already acknowledged", "alert " + fp + " is already acknowledged");
                }
                yield new AlertCommand.Acknowledge(id, fp, asset, user, now, comment);
            }
            case "shelve" ->
                new AlertCommand.Shelve(
                        id, fp, asset, user, now, shelveDuration(r.duration()), required("reason", r.reason()));
            case "unshelve" -> {
                if (!alert.shelved()) {
                    throw new InboxProblem(HttpStatus.CONFLICT, "Not shelved", "alert " + fp + " is not shelved");
                }
                yield new AlertCommand.Unshelve(id, fp, asset, user, now, comment);
            }
            case "resolve" -> new AlertCommand.Resolve(id, fp, asset, user, now, comment);
            case "comment" -> new AlertCommand.Comment(id, fp, asset, user, now, required("text", r.text()));
            case "request-work" -> new AlertCommand.RequestWork(id, fp, asset, user, now, comment);
            default ->
                throw new InboxProblem(
                        HttpStatus.NOT_FOUND,
                        "Unknown action",
                        "no action '" + action + "'; the actions are acknowledge, shelve, unshelve, resolve, comment,"
                                + " request-work");
        };
    }

    Duration shelveDuration(String value) {
        if (value == null || value.isBlank()) {
            throw InboxProblem.badRequest("duration is required to shelve (e.g. 2h, 30m or PT2H)");
        }
        Duration d = parseDuration(value.trim());
        if (d.isZero() || d.isNegative()) {
            throw InboxProblem.badRequest("duration must be positive, was " + value);
        }
        if (d.compareTo(maxShelve) > 0) {
            throw InboxProblem.badRequest("duration " + value + " is longer than the plant's maximum shelving of "
                    + maxShelve.toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return d;
    }

    static Duration parseDuration(String value) {
        Matcher m = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw InboxProblem.badRequest("duration '" + value + "' is neither like 2h, 30m, 1d nor ISO-8601 (PT2H)");
        }
    }

    static String commandId(String given) {
        if (given == null || given.isBlank()) return UUID.randomUUID().toString();
        if (!ID.matcher(given).matches()) {
            throw InboxProblem.badRequest("commandId must be 8-100 letters, digits or . _ : -");
        }
        return given;
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank())
            throw InboxProblem.badRequest(field + " is required and must not be empty");
        return optionalText(field, value);
    }

    static String optionalText(String field, String value) {
        if (value == null || value.isBlank()) return null;
        if (value.length() > MAX_TEXT) {
            throw InboxProblem.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }
}
