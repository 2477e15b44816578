package io.pdm.federated.training;

import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;

/**
 * A plant's LoRA training on one loaded base, whatever its data: C-MAPSS engines ({@link CmapssLoraTraining}) or
 * lives of any asset type from the plant's store ({@link LifeLoraTraining}). What the plant's trainer needs of it.
 */
public interface PlantTraining extends ProximalTraining, AdaptableTraining, AutoCloseable {

    /** A short name for logs and evaluations: the subset, or the plant. */
    String name();

    /** SHA-256 of the base's weights: the rounds the plant joins, and the origin of the adapters it stores. */
    String baseHash();

    LocalWork work();

    /** The plant's training windows now: DP-SGD's sampling rate is batch / this. */
    int windowCount();

    /** A fresh adapter (A random, B zero) on this base. */
    PeftAdapter freshAdapter(LoraConfig config, long seed);

    /** Whether the plant's data came with a test set (a NASA subset does, a plant's store does not). */
    boolean hasTestSet();

    /** Scores on the plant's test set; only when {@link #hasTestSet}. */
    RulEvaluation evaluate(PeftAdapter adapter);

    @Override
    void close();
}
