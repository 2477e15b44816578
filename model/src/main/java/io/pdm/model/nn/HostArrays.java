package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.util.Map;

/** Copies between engine arrays and the heap tensors that files and the federated protocol use. */
public final class HostArrays {
    private HostArrays() {}

    public static HostTensor toHost(NDArray array) {
        return HostTensor.of(array.toFloatArray(), array.getShape().getShape());
    }

    public static TensorDict toHost(Map<String, NDArray> arrays) {
        TensorDict.Builder builder = TensorDict.builder();
        arrays.forEach((name, array) -> builder.put(name, toHost(array)));
        return builder.build();
    }

    public static NDArray toDevice(NDManager manager, HostTensor tensor) {
        return manager.create(tensor.buffer(), new Shape(tensor.shape()));
    }
}
