package io.pdm.federated.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pdm.model.train.Batch;
import io.pdm.model.train.TrainingExamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several plants' window examples as one set (the pooled upper bound). A batch may span parts; each part keeps
 * its own normalisation, as each plant's windows would.
 */
public final class ConcatenatedExamples implements TrainingExamples {

    private final List<TrainingExamples> parts;
    private final int[] starts;

    public ConcatenatedExamples(List<TrainingExamples> parts) {
        this.parts = List.copyOf(parts);
        this.starts = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            starts[i + 1] = starts[i] + parts.get(i).size();
        }
    }

    @Override
    public int size() {
        return starts[parts.size()];
    }

    @Override
    public Batch batch(NDManager manager, int[] indices) {
        List<NDArray> sensors = new ArrayList<>();
        List<NDArray> rul = new ArrayList<>();
        List<NDArray> stages = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            int[] local = localIndices(indices, part);
            if (local.length > 0) {
                Batch batch = parts.get(part).batch(manager, local);
                sensors.add(batch.sensors());
                rul.add(batch.rulTargets());
                stages.add(batch.classTargets());
            }
        }
        return Batch.windows(concat(sensors), concat(rul), concat(stages));
    }

    private int[] localIndices(int[] indices, int part) {
        return Arrays.stream(indices)
                .filter(i -> i >= starts[part] && i < starts[part + 1])
                .map(i -> i - starts[part])
                .toArray();
    }

    private static NDArray concat(List<NDArray> arrays) {
        NDArray result = arrays.get(0);
        for (int i = 1; i < arrays.size(); i++) {
            result = result.concat(arrays.get(i), 0);
        }
        return result;
    }
}
