package io.pdm.launcher.model;

import io.pdm.model.cmapss.CmapssModels;
import picocli.CommandLine.Option;

/** The size of a model trained from scratch. */
final class SizeArgs {
    @Option(names = "--hidden", defaultValue = "64", description = "Model width (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "Decoder layers (default ${DEFAULT-VALUE}).")
    int layers;

    // One token per cycle let attention fit single noisy readings; five-cycle patches average them.
    @Option(names = "--patch", defaultValue = "5", description = "Cycles per patch token (default ${DEFAULT-VALUE}).")
    int patch;

    @Option(
            names = "--dropout",
            defaultValue = "0.1",
            description = "Dropout while training (default ${DEFAULT-VALUE}).")
    double dropout;

    CmapssModels.Size size() {
        return new CmapssModels.Size(hidden, layers, patch, dropout);
    }
}
