package io.pdm.federated.training.history;

import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.io.IOException;

/**
 * Where a plant's training data comes from, behind one interface: the NASA C-MAPSS files (the benchmark path) or the
 * readings and maintenance logs the feature pipeline stored in the plant's PostgreSQL (the streaming path). Either way
 * the result is run-to-failure engines, split into training and held-out engines by the same protocol.
 */
public sealed interface PlantHistory permits CmapssHistory, StoredRuns, TuningHistory {

    /** A short name for logs and evaluations: the subset, or the plant. */
    String name();

    /**
     * The plant's private engines, prepared for fine-tuning.
     *
     * @param oemFraction share of a NASA subset that the base model was pretrained on, which a plant does not own
     * @param validationFraction share of the plant's engines held out of training for its own model choices
     * @param seed        seeds the held-out split
     */
    CmapssData prepare(ProtocolOptions options, double oemFraction, double validationFraction, long seed)
            throws IOException;
}
