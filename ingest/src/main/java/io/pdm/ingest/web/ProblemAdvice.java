package io.pdm.ingest.web;

import io.pdm.ingest.CsvImporter;
import io.pdm.ingest.RejectReason;
import io.pdm.ingest.Rejection;
import java.net.URI;
import java.util.Locale;
import org.apache.kafka.common.KafkaException;
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

/**
 * RFC 9457 problem details for every error: ingest rejections carry {@code reason} (a
 * {@link RejectReason} name) and {@code field}; Spring MVC's own errors (415, 405, …) get a
 * {@code reason} derived from the status; Kafka failures answer 503 so the client retries.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProblemAdvice.class);
    static final String TYPE_BASE = "https://pdm.example/problems/";

    static ResponseEntity<ProblemDetail> problem(Rejection r) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(
                HttpStatusCode.valueOf(r.reason().httpStatus()), r.detail());
        pd.setType(URI.create(TYPE_BASE + slug(r.reason().name())));
        pd.setTitle(title(r.reason().name()));
        pd.setProperty("reason", r.reason().name());
        pd.setProperty("field", r.field());
        return ResponseEntity.status(pd.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(CsvImporter.CsvException.class)
    ResponseEntity<ProblemDetail> csv(CsvImporter.CsvException e) {
        return problem(e.rejection());
    }

    /** A chunked body that grew past its cap while Spring read it (see {@link IntakeGuard}). */
    @ExceptionHandler(IntakeGuard.BodyTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(IntakeGuard.BodyTooLarge e) {
        return problem(new Rejection(RejectReason.OVERSIZED_PAYLOAD, null, e.getMessage()));
    }

    /** Anything else is our bug: a problem with no internals in it (they go to the log), never an HTML page. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (e.getCause() instanceof IntakeGuard.BodyTooLarge tooLarge) return tooLarge(tooLarge);
        if (e instanceof KafkaException || e.getCause() instanceof KafkaException) return kafka(e);
        LOG.error("REST intake failed", e);
        return problem(new Rejection(RejectReason.INTERNAL_ERROR, null, "internal error; see the ingest log"));
    }

    @ExceptionHandler({KafkaException.class, org.apache.kafka.common.errors.TimeoutException.class})
    ResponseEntity<ProblemDetail> kafka(Exception e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not acknowledge the record: " + e.getMessage());
        pd.setType(URI.create(TYPE_BASE + "kafka-unavailable"));
        pd.setTitle("Kafka unavailable");
        pd.setProperty("reason", "KAFKA_UNAVAILABLE");
        return ResponseEntity.status(503)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse er) body = er.getBody();
        if (body instanceof ProblemDetail pd
                && (pd.getProperties() == null || !pd.getProperties().containsKey("reason"))) {
            String reason = HttpStatus.resolve(status.value()) == null
                    ? "HTTP_" + status.value()
                    : HttpStatus.valueOf(status.value()).name();
            pd.setProperty("reason", reason);
            pd.setType(URI.create(TYPE_BASE + slug(reason)));
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String title(String name) {
        String s = name.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
