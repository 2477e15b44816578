package io.pdm.inference.writer;

import io.pdm.inference.facts.FactSheet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write → check → rewrite once with the violations → template. The configured writer gets one overall
 * deadline for both of its attempts; if it fails, is slow, or writes two ungrounded texts, the template's
 * text is used. So every alert gets a text, and the record says which writer wrote it and whether it passed.
 * Thread-safe; close it to stop its worker threads.
 */
public final class AlertTextPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTextPipeline.class);

    private final AlertWriter writer;
    private final TemplateWriter template = new TemplateWriter();
    private final Duration deadline;
    private final ExecutorService workers;

    public AlertTextPipeline(AlertWriter writer, Duration deadline) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "alert-writer");
            t.setDaemon(true);
            return t;
        });
    }

    public WrittenAlert write(FactSheet sheet) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        List<Violation> rejected = new ArrayList<>();
        int attempts = 0;
        String fallback;
        if (writer instanceof TemplateWriter) {
            fallback = null;
        } else {
            AlertWriter.Rewrite rewrite = null;
            fallback = "two texts failed the grounding check";
            for (int attempt = 0; attempt < 2; attempt++) {
                attempts++;
                String text;
                try {
                    text = callWithin(sheet, rewrite, end);
                } catch (TimeoutException e) {
                    fallback = writer.id() + " did not answer within " + deadline;
                    break;
                } catch (WriterException e) {
                    fallback = e.getMessage();
                    break;
                }
                List<Violation> violations = GroundingCheck.check(text, sheet);
                if (violations.isEmpty()) {
                    return new WrittenAlert(
                            text,
                            writer.id(),
                            attempts,
                            true,
                            rejected,
                            null,
                            GroundingCheck.citedLogIds(text),
                            Duration.ofNanos(System.nanoTime() - start));
                }
                LOG.info(
                        "{} wrote an ungrounded text for {} (attempt {}): {}",
                        writer.id(),
                        sheet.fingerprint(),
                        attempt + 1,
                        violations);
                rejected.addAll(violations);
                rewrite = new AlertWriter.Rewrite(text, violations);
            }
            LOG.warn("alert {} falls back to the template: {}", sheet.fingerprint(), fallback);
        }
        attempts++;
        String text = template.write(sheet, null);
        List<Violation> violations = GroundingCheck.check(text, sheet);
        if (!violations.isEmpty()) {
            // A template bug must not lose the alert: keep the text, record that it failed.
            LOG.error("template text for {} failed the grounding check: {}", sheet.fingerprint(), violations);
        }
        return new WrittenAlert(
                text,
                template.id(),
                attempts,
                violations.isEmpty(),
                rejected,
                fallback,
                GroundingCheck.citedLogIds(text),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private String callWithin(FactSheet sheet, AlertWriter.Rewrite rewrite, long endNanos)
            throws TimeoutException, WriterException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        Future<String> future = workers.submit(() -> writer.write(sheet, rewrite));
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new WriterException(writer.id() + ": interrupted while waiting", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof WriterException w) {
                throw w;
            }
            throw new WriterException(writer.id() + " failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
