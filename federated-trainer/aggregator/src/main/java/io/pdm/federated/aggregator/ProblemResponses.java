package io.pdm.federated.aggregator;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns every refusal into an RFC 9457 problem naming the reason, and counts it. */
@RestControllerAdvice
class ProblemResponses {

    private final AggregatorMetrics metrics;

    ProblemResponses(AggregatorMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(RejectedRequestException.class)
    ResponseEntity<ProblemDetail> rejected(RejectedRequestException rejection) {
        metrics.rejected(rejection.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.valueOf(rejection.reason().status()), rejection.getMessage());
        problem.setType(rejection.reason().type());
        problem.setTitle(rejection.reason().title());
        problem.setProperty("reason", rejection.reason().slug());
        return ResponseEntity.status(rejection.reason().status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
