package io.pdm.model.train;

import ai.djl.ndarray.NDManager;

/** A fixed set of examples the trainer draws shuffled mini-batches from. */
public interface TrainingExamples {
    int size();

    /** The examples at these indices as arrays created in {@code manager}. */
    Batch batch(NDManager manager, int[] indices);
}
