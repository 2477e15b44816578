package io.pdm.features.store;

import io.pdm.features.records.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the store sends readings it refuses: a second, different value for a key it already holds
 * (same asset, sensor and millisecond). The plant job sends them to the plant's dead-letter topic
 * ({@code io.pdm.features.flink.KafkaDeadLetters}); nothing is dropped silently.
 *
 * <p>Called inside the batch's transaction, before the commit: an implementation must have
 * delivered the letters when it returns, and throws if it could not (the batch then fails and is
 * retried, so a rejection is delivered at least once).
 */
public interface Rejections extends Serializable, AutoCloseable {
    /** Reason code of a second, different value for a stored (asset, sensor, ts). */
    String CONFLICTING_DUPLICATE = "CONFLICTING_DUPLICATE";

    void reject(List<DeadLetter> letters) throws IOException;

    @Override
    default void close() {}

    /** For a store used outside a plant job (benchmarks, tools): each rejection is logged as a warning. */
    static Rejections logging() {
        return new Logging();
    }

    /** Logs every rejection at WARN, with its detail. */
    final class Logging implements Rejections {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

        @Override
        public void reject(List<DeadLetter> letters) {
            for (DeadLetter d : letters) LOG.warn("not stored, {} ({}): {}", d.reason(), d.asset(), d.detail());
        }
    }
}
