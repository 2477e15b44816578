package io.pdm.federated.aggregator;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Long polling of the secure round's phase resources (protocol {@code /fl/v1}, backward compatible): a plant that
 * sends {@code Prefer: wait=S} (RFC 7240, seconds) is answered when the phase changes, or with 204 after at most
 * {@code S} seconds (capped at {@link #MAX_WAIT}); both answers carry {@code Preference-Applied: wait=S}. A request
 * without the preference is answered at once, as before. The request is held as an async servlet response, so a
 * waiting plant holds a connection but no Tomcat thread. At most {@code maxWaiting} requests wait at a time; beyond
 * that the answer is immediate and without {@code Preference-Applied}, and the plant falls back to polling.
 */
final class LongPoll {

    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();

    LongPoll(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /** Requests waiting now (for tests and metrics). */
    int waiting() {
        return waiting.get();
    }

    /**
     * The answer to a phase resource: {@code read} at once if it has content or the plant did not ask to wait;
     * otherwise the request waits until {@code session} changes phase (then {@code read} again) or the wait ends.
     * {@code read} may throw {@link RejectedRequestException}, which becomes the problem response either way.
     */
    <T> DeferredResult<ResponseEntity<T>> answer(
            HttpServletRequest request, SecureRoundSession session, Supplier<Optional<T>> read) {
        Optional<Duration> wait = requestedWait(request.getHeader(PREFER));
        if (wait.isEmpty() || !reserve()) {
            return done(immediate(read.get(), null));
        }
        String applied = "wait=" + wait.get().toSeconds();
        DeferredResult<ResponseEntity<T>> result = new DeferredResult<>(
                wait.get().toMillis(),
                ResponseEntity.noContent().header(PREFERENCE_APPLIED, applied).build());
        result.onCompletion(waiting::decrementAndGet);
        Runnable onPhaseChange = () -> {
            try {
                result.setResult(immediate(read.get(), applied));
            } catch (RejectedRequestException e) {
                result.setErrorResult(e);
            }
        };
        // under the session's lock: a phase change between the read and the registration cannot be missed
        Optional<T> now;
        try {
            now = session.readOrWait(read, onPhaseChange);
        } catch (RuntimeException e) {
            waiting.decrementAndGet(); // never handed to Spring, so never completed
            throw e;
        }
        if (now.isPresent()) {
            result.setResult(immediate(now, applied));
        }
        return result;
    }

    private boolean reserve() {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * The {@code wait} preference of a {@code Prefer} header ({@code wait=10}, among others: {@code respond-async,
     * wait=10}), capped at {@link #MAX_WAIT}; empty when absent, zero or unreadable (then nobody waits).
     */
    static Optional<Duration> requestedWait(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split(";", 2)[0].trim();
            int equals = token.indexOf('=');
            if (equals > 0 && token.substring(0, equals).trim().equalsIgnoreCase("wait")) {
                try {
                    long seconds =
                            Long.parseLong(token.substring(equals + 1).trim().replace("\"", ""));
                    return seconds <= 0
                            ? Optional.empty()
                            : Optional.of(Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds())));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static <T> ResponseEntity<T> immediate(Optional<T> message, String applied) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        ResponseEntity.HeadersBuilder<?> noContent = ResponseEntity.noContent();
        if (applied != null) {
            ok.header(PREFERENCE_APPLIED, applied);
            noContent.header(PREFERENCE_APPLIED, applied);
        }
        return message.map(ok::body).orElseGet(noContent::build);
    }

    private static <T> DeferredResult<ResponseEntity<T>> done(ResponseEntity<T> response) {
        DeferredResult<ResponseEntity<T>> result = new DeferredResult<>();
        result.setResult(response);
        return result;
    }
}
