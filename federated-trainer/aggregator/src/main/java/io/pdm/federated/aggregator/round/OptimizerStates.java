package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.rules.ServerOptimizer;
import io.pdm.federated.rules.ServerOptimizerState;
import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsFile;
import io.pdm.model.tensor.TensorDict;
import java.util.Map;

/**
 * Server optimiser state stored with a published version, as safetensors: the moments as tensors, the optimiser
 * (with its hyper-parameters) and the round count as metadata. State is only reused by the same optimiser on the
 * same dimension, so changing the strategy between rounds starts its state afresh instead of misreading another's.
 */
final class OptimizerStates {

    private static final String FIRST = "first_moment";
    private static final String SECOND = "second_moment";
    private static final String OPTIMIZER = "pdm.server_optimizer";
    private static final String ROUNDS = "pdm.completed_rounds";

    private OptimizerStates() {}

    static byte[] encode(ServerOptimizer optimizer, ServerOptimizerState state) {
        TensorDict.Builder moments = TensorDict.builder();
        float[] first = state.firstMoment();
        float[] second = state.secondMoment();
        if (first.length > 0) {
            moments.put(FIRST, first, first.length);
        }
        if (second.length > 0) {
            moments.put(SECOND, second, second.length);
        }
        return Safetensors.encode(
                moments.build(),
                Map.of(OPTIMIZER, FlJson.write(optimizer), ROUNDS, Long.toString(state.completedRounds())));
    }

    /** The stored state if {@code optimizer} wrote it for this dimension, else the optimiser's initial state. */
    static ServerOptimizerState decodeOrInitial(byte[] stored, ServerOptimizer optimizer, int dimension) {
        ServerOptimizerState initial = optimizer.initialState(dimension);
        if (stored == null) {
            return initial;
        }
        SafetensorsFile file = AdapterArithmetic.decode(stored, Long.MAX_VALUE);
        if (!FlJson.write(optimizer).equals(file.metadata().get(OPTIMIZER))) {
            return initial;
        }
        TensorDict moments = file.tensors();
        float[] first = moments.contains(FIRST) ? moments.get(FIRST).data() : new float[0];
        float[] second = moments.contains(SECOND) ? moments.get(SECOND).data() : new float[0];
        if ((first.length != 0 && first.length != dimension) || (second.length != 0 && second.length != dimension)) {
            return initial;
        }
        return new ServerOptimizerState(Long.parseLong(file.metadata().get(ROUNDS)), first, second);
    }
}
