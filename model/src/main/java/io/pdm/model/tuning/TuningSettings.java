package io.pdm.model.tuning;

import java.nio.file.Path;
import java.util.List;

/**
 * How a tuning run searches.
 *
 * @param cmapssDir        the directory with {@code train_FD00N.txt} (the only files the run reads)
 * @param subsets          the subsets tuned on; a setting is chosen on their mean held-out RMSE
 * @param seed             seeds the held-out split of each subset, and the first model of each setting
 * @param heldOutFraction  share of each subset's training engines held out from every model, by whole engine
 * @param hidden           model width (as {@code pdm model train --hidden})
 * @param layers           decoder layers
 * @param dropout          dropout while training
 * @param learningRate     peak learning rate of pooled training and of the base's pretraining
 * @param batch            windows per step
 * @param cycleChannel     whether pooled training appends the cycle number (as {@code pdm model train})
 * @param oemFraction      the public share pretraining uses; LoRA fine-tunes on the rest of each subset
 */
public record TuningSettings(
        Path cmapssDir,
        List<String> subsets,
        long seed,
        double heldOutFraction,
        int hidden,
        int layers,
        double dropout,
        float learningRate,
        int batch,
        boolean cycleChannel,
        double oemFraction,
        TuningGrid grid) {
    public TuningSettings {
        subsets = List.copyOf(subsets);
        if (subsets.isEmpty()) {
            throw new IllegalArgumentException("tune on at least one subset");
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("the held-out share must be in (0, 1), was " + heldOutFraction);
        }
    }

    /** The same search with another grid (for combining runs of one setting each). */
    public TuningSettings withGrid(TuningGrid value) {
        return new TuningSettings(
                cmapssDir,
                subsets,
                seed,
                heldOutFraction,
                hidden,
                layers,
                dropout,
                learningRate,
                batch,
                cycleChannel,
                oemFraction,
                value);
    }

    /** The same search on other subsets (for combining runs of one subset each). */
    public TuningSettings withSubsets(List<String> value) {
        return new TuningSettings(
                cmapssDir,
                value,
                seed,
                heldOutFraction,
                hidden,
                layers,
                dropout,
                learningRate,
                batch,
                cycleChannel,
                oemFraction,
                grid);
    }
}
