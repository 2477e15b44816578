package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * What one forward pass gives. Each part is null when the input had no sensor window (rul, classLogits)
 * or no tokens (tokenLogits).
 *
 * @param rul         (B) remaining useful life as a fraction of the configured RUL scale
 * @param classLogits (B, classes) health / failure-mode logits
 * @param tokenLogits (B, L, vocab) next-token logits for each text position
 */
public record ModelOutput(NDArray rul, NDArray classLogits, NDArray tokenLogits) {}
