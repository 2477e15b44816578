package io.pdm.alerting.inbox.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals as RFC 9457 problem details ({@code application/problem+json}). Malformed bodies and parameters (unknown
 * fields, a number that is not one) are Spring MVC's own problem details ({@code spring.mvc.problemdetails.enabled}).
 */
@RestControllerAdvice
public class ProblemAdvice {
    @ExceptionHandler(InboxProblem.class)
    ProblemDetail inbox(InboxProblem e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        p.setTitle(e.title());
        return p;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail bad(IllegalArgumentException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Bad request");
        return p;
    }
}
