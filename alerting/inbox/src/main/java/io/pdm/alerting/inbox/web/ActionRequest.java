package io.pdm.alerting.inbox.web;

/**
 * The body of an action on an alert. {@code commandId} makes a retried click harmless (the lifecycle applies a
 * command id once; the page makes one per click); without one the inbox makes it. {@code duration} (shelve) is
 * ISO-8601 ({@code PT2H}) or short ({@code 90m}, {@code 2h}, {@code 1d}); {@code reason} is required to shelve;
 * {@code text} is the comment of {@code comment}, {@code comment} the optional note of every other action.
 */
public record ActionRequest(String commandId, String duration, String reason, String comment, String text) {
    public static final ActionRequest EMPTY = new ActionRequest(null, null, null, null, null);
}
