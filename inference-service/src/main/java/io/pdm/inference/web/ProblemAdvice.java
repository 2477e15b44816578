package io.pdm.inference.web;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem details for every error, each with a machine-readable {@code reason}. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
    static final String TYPE_BASE = "https://pdm.example/problems/";

    @ExceptionHandler(InferenceOperations.InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InferenceOperations.InvalidRequestException e) {
        return problem(HttpStatusCode.valueOf(e.status()), e.reason(), e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> unavailable(IllegalStateException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE", e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse er) body = er.getBody();
        if (body instanceof ProblemDetail pd
                && (pd.getProperties() == null || !pd.getProperties().containsKey("reason"))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String reason = known == null ? "HTTP_" + status.value() : known.name();
            pd.setProperty("reason", reason);
            pd.setType(URI.create(TYPE_BASE + slug(reason)));
        }
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String reason, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create(TYPE_BASE + slug(reason)));
        pd.setProperty("reason", reason);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    private static String slug(String reason) {
        return reason.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
