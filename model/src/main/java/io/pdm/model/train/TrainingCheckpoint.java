package io.pdm.model.train;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pdm.model.io.AtomicFiles;
import io.pdm.model.io.Safetensors;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training run's state after its last finished epoch, in a directory: the trainable weights as they are, the best
 * epoch's weights, and the loop's counters (JSON). Written after every epoch (each file aside, then moved into place;
 * the state last, so it never points at weights from another epoch), read back to resume.
 *
 * <p>What a resumed run does not restore: AdamW's moment estimates (DJL keeps them private, so the optimizer starts
 * afresh, with the learning-rate schedule continuing where it was), a moving average of the weights (it restarts
 * from the resumed weights) and the engine's dropout random stream. A
 * resumed run therefore continues the same schedule, batch order and best-epoch bookkeeping, but is not bit-identical
 * to an uninterrupted one.
 */
public record TrainingCheckpoint(Path directory) {

    private static final String CURRENT = "trainable.safetensors";
    private static final String BEST = "best.safetensors";
    private static final String STATE = "state.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The loop's counters after {@code epoch}; {@code run} identifies the run, so a checkpoint is never resumed with
     * other data, seed or schedule.
     */
    public record State(
            String run,
            int epoch,
            int step,
            double bestScore,
            int bestEpoch,
            int sinceBest,
            int skipped,
            long examples,
            long elapsedNanos,
            List<Epoch> reports) {
        public State {
            reports = List.copyOf(reports);
        }
    }

    /** {@link TrainingMonitor.EpochReport} in plain numbers. */
    public record Epoch(
            int epoch,
            double trainLoss,
            double validationScore,
            boolean improved,
            double learningRate,
            long elapsedNanos,
            double examplesPerSecond) {
        static Epoch of(TrainingMonitor.EpochReport r) {
            return new Epoch(
                    r.epoch(),
                    r.trainLoss(),
                    r.validationScore(),
                    r.improved(),
                    r.learningRate(),
                    r.elapsed().toNanos(),
                    r.examplesPerSecond());
        }

        TrainingMonitor.EpochReport report() {
            return new TrainingMonitor.EpochReport(
                    epoch,
                    trainLoss,
                    validationScore,
                    improved,
                    learningRate,
                    Duration.ofNanos(elapsedNanos),
                    examplesPerSecond);
        }
    }

    /** A saved state with its weights; {@code best} is null before any epoch improved. */
    public record Saved(State state, Map<String, float[]> current, Map<String, float[]> best) {}

    void save(State state, TensorDict current, TensorDict best) {
        try {
            AtomicFiles.replace(directory.resolve(CURRENT), path -> Safetensors.write(path, current, Map.of()));
            if (best != null) {
                AtomicFiles.replace(directory.resolve(BEST), path -> Safetensors.write(path, best, Map.of()));
            }
            AtomicFiles.replace(
                    directory.resolve(STATE),
                    path -> JSON.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training checkpoint in " + directory, e);
        }
    }

    /** The saved state of {@code run}, if there is one; a checkpoint of another run is refused. */
    public Optional<Saved> load(String run) {
        Path statePath = directory.resolve(STATE);
        if (!Files.exists(statePath)) {
            return Optional.empty();
        }
        try {
            State state = JSON.readValue(statePath.toFile(), State.class);
            if (!state.run().equals(run)) {
                throw new IllegalStateException(
                        "the checkpoint in " + directory + " belongs to another run (" + state.run() + "); this run is "
                                + run + ". Use another directory, or delete it to start over.");
            }
            Map<String, float[]> best = state.bestEpoch() > 0 ? weights(BEST) : null;
            return Optional.of(new Saved(state, weights(CURRENT), best));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the training checkpoint in " + directory, e);
        }
    }

    private Map<String, float[]> weights(String file) throws IOException {
        Map<String, float[]> values = new HashMap<>();
        Safetensors.read(directory.resolve(file), Long.MAX_VALUE)
                .tensors()
                .asMap()
                .forEach((name, tensor) -> values.put(name, tensor.data()));
        return values;
    }
}
