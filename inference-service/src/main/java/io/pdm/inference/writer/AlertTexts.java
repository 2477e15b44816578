package io.pdm.inference.writer;

import io.pdm.inference.facts.FactSheet;
import java.util.List;
import java.util.function.Function;

/**
 * The texts of alerts, one ({@link #apply}) or a poll batch's together ({@link #writeAll}): what the service's alert
 * composition calls. {@link AlertTextPipeline} is the one that matters; a caller that wraps it (to count what it
 * writes) implements this too, so the batch still reaches the pipeline as a batch.
 */
public interface AlertTexts extends Function<FactSheet, WrittenAlert> {
    /** The texts of several sheets, in order; the default writes one after another. */
    default List<WrittenAlert> writeAll(List<FactSheet> sheets) {
        return sheets.stream().map(this).toList();
    }
}
