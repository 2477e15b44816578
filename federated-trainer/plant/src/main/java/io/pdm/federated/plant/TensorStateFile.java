package io.pdm.federated.plant;

import io.pdm.model.io.AtomicFiles;
import io.pdm.model.io.Safetensors;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Weights a plant keeps across restarts (personal modules, a personal adapter) in one safetensors file, replaced
 * atomically: written aside, then moved into place, so a crash mid-write leaves the previous state readable.
 */
public record TensorStateFile(Path path) {

    /** The saved weights, if a state was saved before. */
    public Optional<TensorDict> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Safetensors.read(path, Long.MAX_VALUE).tensors());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plant's saved weights in " + path, e);
        }
    }

    public void write(TensorDict tensors) {
        try {
            AtomicFiles.replace(path, file -> Safetensors.write(file, tensors, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the plant's weights to " + path, e);
        }
    }
}
