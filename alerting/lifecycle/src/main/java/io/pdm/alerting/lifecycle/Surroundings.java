package io.pdm.alerting.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * What the rest of the world says about an alert right now: the reasons it is suppressed ({@code silence:ID},
 * {@code maintenance}, {@code out-of-service}, {@code inhibited-by:FINGERPRINT}), empty when none. The topology answers
 * from its silence, asset-condition and alert stores ({@link Suppression}); tests answer directly.
 */
@FunctionalInterface
public interface Surroundings {
    List<String> suppressedBy(AlertKey alert, Instant now);

    Surroundings NONE = (alert, now) -> List.of();
}
