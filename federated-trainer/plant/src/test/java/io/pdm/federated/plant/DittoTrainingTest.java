package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.federated.TinyAdapters;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.protocol.StrategySpec;
import io.pdm.federated.training.LocalTraining;
import io.pdm.federated.training.ProximalTraining;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ditto's bookkeeping: what is uploaded, what is served, where the personal adapter starts and what it is pulled to. */
class DittoTrainingTest {

    private static final RoundAnnouncement ROUND = new RoundAnnouncement(
            1,
            0,
            TinyAdapters.BASE_MODEL_HASH,
            TinyAdapters.config(),
            Instant.now().plusSeconds(60),
            1,
            StrategySpec.fedAvg(),
            AggregationMode.PLAIN,
            10,
            1 << 20,
            null);

    @TempDir
    Path disk;

    /**
     * Arithmetic stand-in for local training, so each call's inputs are visible in its output: plain training adds
     * 1 to the global adapter; the proximal step moves start a fraction μ of the way to the reference, then adds 10.
     */
    private static final class ArithmeticTraining implements ProximalTraining {
        final List<TensorDict> starts = new ArrayList<>();

        @Override
        public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
            return new Result(plus(globalAdapter, 1f), 64);
        }

        @Override
        public Result trainTowards(TensorDict start, TensorDict reference, RoundAnnouncement round, float mu) {
            starts.add(start);
            return new Result(plus(start.plus(reference.minus(start).scale(mu)), 10f), 64);
        }
    }

    /** {@code dict} with {@code value} added to every element. */
    private static TensorDict plus(TensorDict dict, float value) {
        return dict.plus(dict.unflatten(TinyAdapters.filled((int) dict.numel(), value)));
    }

    @Test
    void uploadsTheGlobalTrainingAndServesThePersonalAdapterPulledTowardsEachGlobalVersion() {
        ArithmeticTraining training = new ArithmeticTraining();
        DittoTraining ditto = new DittoTraining(training, 0.5f, null);
        TensorDict global0 = TinyAdapters.weights(0);
        PeftAdapter served0 = new PeftAdapter(TinyAdapters.config(), global0);
        assertThat(ditto.served(served0)).isSameAs(served0); // nothing personal yet

        LocalTraining.Result upload = ditto.train(global0, ROUND);

        assertThat(upload.adapter()).isEqualTo(plus(global0, 1f));
        TensorDict personal1 = plus(global0, 10f); // started at the global adapter
        assertThat(ditto.served(served0).weights()).isEqualTo(personal1);

        TensorDict global1 = TinyAdapters.weights(4);
        ditto.train(global1, ROUND);

        // The second personal step continues from the first and is pulled halfway to the new global version.
        assertThat(training.starts.get(1)).isEqualTo(personal1);
        TensorDict personal2 = plus(personal1.plus(global1.minus(personal1).scale(0.5)), 10f);
        assertThat(ditto.served(new PeftAdapter(TinyAdapters.config(), global1))
                        .weights()
                        .flatten())
                .containsExactly(personal2.flatten(), within(1e-5f));
    }

    @Test
    void thePersonalAdapterSurvivesARestartAndIsDroppedWhenTheLayoutChanges() {
        TensorStateFile state = new TensorStateFile(disk.resolve("ditto.safetensors"));
        TensorDict global = TinyAdapters.weights(0);
        DittoTraining first = new DittoTraining(new ArithmeticTraining(), 0f, state);
        first.train(global, ROUND);
        TensorDict personal =
                first.served(new PeftAdapter(TinyAdapters.config(), global)).weights();

        ArithmeticTraining afterRestart = new ArithmeticTraining();
        DittoTraining restarted = new DittoTraining(afterRestart, 0f, state);
        assertThat(restarted
                        .served(new PeftAdapter(TinyAdapters.config(), global))
                        .weights())
                .isEqualTo(personal);
        restarted.train(global, ROUND);
        assertThat(afterRestart.starts.get(0)).isEqualTo(personal);

        // A federation that changed its adapter (other tensors) starts the personal adapter afresh.
        TensorDict otherLayout = global.filter(name -> !name.equals(TinyAdapters.HEAD));
        assertThat(restarted
                        .served(new PeftAdapter(TinyAdapters.config(), otherLayout))
                        .weights())
                .isEqualTo(otherLayout);
        restarted.train(otherLayout, ROUND);
        assertThat(afterRestart.starts.get(1)).isEqualTo(otherLayout);
    }

    @Test
    void aDittoPlantSaysItServesItsOwnAdapter() {
        // The plant's adapter endpoint reports this as "personalised" to the inference service.
        assertThat(new DittoTraining(new ArithmeticTraining(), 0.1f, null).personalises())
                .isTrue();
        assertThat(new ArithmeticTraining().personalises()).isFalse();
    }

    @Test
    void refusesANegativeLambda() {
        assertThatThrownBy(() -> new DittoTraining(new ArithmeticTraining(), -1f, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda");
    }
}
