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
 * @param textFollowsWindow true when each text continues its own window (one forward pass); false
 *                     when the text part is an independent batch (its own forward pass, any size)
 */
public record Batch(
        NDArray sensors,
        NDArray rulTargets,
        NDArray classTargets,
        NDArray tokens,
        NDArray tokenTargets,
        NDArray tokenMask,
        boolean textFollowsWindow) {

    /** Sensor windows with RUL and optional class targets. */
    public static Batch windows(NDArray sensors, NDArray rulTargets, NDArray classTargets) {
        return new Batch(sensors, rulTargets, classTargets, null, null, null, false);
    }

    /** Text alone, for the language-model objective. */
    public static Batch text(NDArray tokens, NDArray tokenTargets, NDArray tokenMask) {
        return new Batch(null, null, null, tokens, tokenTargets, tokenMask, false);
    }

    /** Windows and an independent text batch trained in the same step (mixed objectives). */
    public Batch withText(Batch text) {
        return new Batch(sensors, rulTargets, classTargets, text.tokens, text.tokenTargets, text.tokenMask, false);
    }
}
