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
 * text is used at once (a writer that does not rewrite, {@link AlertWriter#attempts()} 1, goes to the template after
 * its first rejected draft). {@link #writeAll} writes a poll batch's alerts together. So every alert gets a text,
 * and the record says which writer wrote it and whether it passed.
 * Thread-safe; close it to stop its worker threads.
 */
public final class AlertTextPipeline implements AutoCloseable, AlertTexts {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTextPipeline.class);

    private final AlertWriter writer;
    private final TemplateWriter template = new TemplateWriter();
    private final Duration deadline;
    private final ExecutorService workers;
    /** Writes a batch's alerts in parallel for a writer that does not batch; small, since each may hold a model. */
    private final ExecutorService parallel;
    /** Alerts drafted in one call of a batching writer; a larger batch is drafted in parts. */
    static final int BATCH = 64;

    public AlertTextPipeline(AlertWriter writer, Duration deadline) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "alert-writer");
            t.setDaemon(true);
            return t;
        });
        this.parallel = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "alert-texts");
            t.setDaemon(true);
            return t;
        });
    }

    public WrittenAlert write(FactSheet sheet) {
        long start = System.nanoTime();
        return write(sheet, start, null);
    }

    /** As {@link #write}, for {@code Function} callers. */
    @Override
    public WrittenAlert apply(FactSheet sheet) {
        return write(sheet);
    }

    /**
     * The texts of several alerts (a poll batch's), in order, each as {@link #write} would give it. A writer that
     * {@link AlertWriter#batches() batches} drafts them all in one call within one deadline; any other writer's alerts
     * are written in parallel on a small pool, each within its own deadline. So a batch takes about one text's time,
     * not the sum; and a failed, late or rejected draft still ends with the template's text, never without one.
     */
    @Override
    public List<WrittenAlert> writeAll(List<FactSheet> sheets) {
        if (sheets.size() <= 1 || writer instanceof TemplateWriter) {
            return sheets.stream().map(this::write).toList();
        }
        long start = System.nanoTime();
        if (!writer.batches()) {
            List<Future<WrittenAlert>> futures = new ArrayList<>(sheets.size());
            for (FactSheet sheet : sheets) {
                futures.add(parallel.submit(() -> write(sheet, start, null)));
            }
            List<WrittenAlert> out = new ArrayList<>(sheets.size());
            for (int i = 0; i < sheets.size(); i++) {
                out.add(join(futures.get(i), sheets.get(i), start));
            }
            return out;
        }
        List<AlertWriter.Draft> drafts = draftAll(sheets, start + deadline.toNanos());
        List<WrittenAlert> out = new ArrayList<>(sheets.size());
        for (int i = 0; i < sheets.size(); i++) {
            out.add(write(sheets.get(i), start, drafts.get(i)));
        }
        return out;
    }

    /** The writer's drafts of a batch within the deadline; a late or failed batch gives every sheet that failure. */
    private List<AlertWriter.Draft> draftAll(List<FactSheet> sheets, long endNanos) {
        List<AlertWriter.Draft> drafts = new ArrayList<>(sheets.size());
        for (int from = 0; from < sheets.size(); from += BATCH) {
            List<FactSheet> part = sheets.subList(from, Math.min(sheets.size(), from + BATCH));
            Future<List<AlertWriter.Draft>> future = workers.submit(() -> writer.writeAll(part));
            WriterException failure;
            try {
                long left = endNanos - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                List<AlertWriter.Draft> got = future.get(left, TimeUnit.NANOSECONDS);
                if (got.size() != part.size()) {
                    throw new ExecutionException(new WriterException(
                            writer.id() + " returned " + got.size() + " drafts for " + part.size() + " sheets"));
                }
                drafts.addAll(got);
                continue;
            } catch (TimeoutException e) {
                future.cancel(true);
                failure = new WriterException(writer.id() + " did not answer within " + deadline);
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                failure = new WriterException(writer.id() + ": interrupted while waiting", e);
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = cause instanceof WriterException w
                        ? w
                        : new WriterException(writer.id() + " failed: " + cause, cause);
            }
            for (int i = 0; i < part.size(); i++) {
                drafts.add(AlertWriter.Draft.failed(failure));
            }
        }
        return drafts;
    }

    /** A parallel write's result; a write can only fail by a bug or an interrupt, and then the template writes. */
    private WrittenAlert join(Future<WrittenAlert> future, FactSheet sheet, long start) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return template(sheet, start, List.of(), 0, "interrupted while waiting for " + writer.id());
        } catch (ExecutionException e) {
            LOG.error("writing the text of {} failed", sheet.fingerprint(), e.getCause());
            return template(sheet, start, List.of(), 0, writer.id() + " failed: " + e.getCause());
        }
    }

    /**
     * @param first the first attempt's draft when it was written already (in a batch), else null
     */
    private WrittenAlert write(FactSheet sheet, long start, AlertWriter.Draft first) {
        long end = start + deadline.toNanos();
        List<Violation> rejected = new ArrayList<>();
        int attempts = 0;
        String fallback = null;
        if (!(writer instanceof TemplateWriter)) {
            AlertWriter.Rewrite rewrite = null;
            fallback = "two texts failed the grounding check";
            int allowed = Math.max(1, writer.attempts());
            for (int attempt = 0; attempt < allowed; attempt++) {
                attempts++;
                String text;
                try {
                    if (attempt == 0 && first != null) {
                        if (first.failure() != null) {
                            throw first.failure();
                        }
                        text = first.text();
                    } else {
                        text = callWithin(sheet, rewrite, end);
                    }
                } catch (TimeoutException e) {
                    fallback = writer.id() + " did not answer within " + deadline;
                    break;
                } catch (AlertWriter.RejectedDraft e) {
                    LOG.info("{} rejected its own draft for {}: {}", writer.id(), sheet.fingerprint(), e.violations());
                    rejected.addAll(e.violations());
                    rewrite = new AlertWriter.Rewrite(e.draft(), e.violations());
                    fallback = "its draft named facts the sheet lacks";
                    continue;
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
                fallback = allowed == 1 ? "its text failed the grounding check" : fallback;
            }
            LOG.warn("alert {} falls back to the template: {}", sheet.fingerprint(), fallback);
        }
        return template(sheet, start, rejected, attempts, fallback);
    }

    private WrittenAlert template(
            FactSheet sheet, long start, List<Violation> rejected, int attempts, String fallback) {
        String text = template.write(sheet, null);
        List<Violation> violations = GroundingCheck.check(text, sheet);
        if (!violations.isEmpty()) {
            // A template bug must not lose the alert: keep the text, record that it failed.
            LOG.error("template text for {} failed the grounding check: {}", sheet.fingerprint(), violations);
        }
        return new WrittenAlert(
                text,
                template.id(),
                attempts + 1,
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
        parallel.shutdownNow();
        workers.shutdownNow();
    }
}
