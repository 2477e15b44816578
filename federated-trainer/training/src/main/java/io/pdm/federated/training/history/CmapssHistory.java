package io.pdm.federated.training.history;

import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The benchmark path: one NASA C-MAPSS subset's training engines outside the OEM share, and its test set.
 *
 * @param maxEngines at most this many of those engines (0 for all): a plant with a short history
 */
public record CmapssHistory(Path dir, String subset, int maxEngines) implements PlantHistory {

    public CmapssHistory {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(subset, "subset");
        if (maxEngines < 0) {
            throw new IllegalArgumentException("maxEngines must be >= 0, was " + maxEngines);
        }
    }

    /** Every private engine of the subset. */
    public CmapssHistory(Path dir, String subset) {
        this(dir, subset, 0);
    }

    @Override
    public String name() {
        return subset;
    }

    @Override
    public CmapssData prepare(ProtocolOptions options, double oemFraction, double validationFraction, long seed)
            throws IOException {
        return CmapssData.prepare(
                dir,
                subset,
                options,
                new CmapssData.Selection(
                        CmapssData.EngineShare.PLANT,
                        oemFraction,
                        validationFraction,
                        seed,
                        CmapssData.ValidationCuts.LATE_LIFE),
                maxEngines);
    }
}
