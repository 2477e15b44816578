package io.pdm.model.train;

import ai.djl.ndarray.NDArray;

/**
 * One mini-batch. Any part may be null when the task has no such objective.
 *
 * @param sensors      (B, T, C) normalised sensor windows
 * @param rulTargets   (B) remaining useful life as a fraction of the model's RUL scale
 * @param classTargets (B) int64 class indices (health stage or failure mode)
 * @param tokens       (B, L) int64 input token ids
 * @param tokenTargets (B, L) int64 next-token ids
 * @param tokenMask    (B, L) float 1 where a target counts, 0 for padding and prompt positions
 */
public record Batch(NDArray sensors, NDArray rulTargets, NDArray classTargets,
                   NDArray tokens, NDArray tokenTargets, NDArray tokenMask) {
}
