package io.pdm.alerting.inbox.web;

import org.springframework.http.HttpStatus;

/**
 * A refused request with its precise status, a short title and the detail a person can act on; written as
 * {@code application/problem+json} by {@link ProblemAdvice}.
 */
public final class InboxProblem extends RuntimeException {
    private final HttpStatus status;
    private final String title;

    public InboxProblem(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static InboxProblem badRequest(String detail) {
        return new InboxProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }
}
