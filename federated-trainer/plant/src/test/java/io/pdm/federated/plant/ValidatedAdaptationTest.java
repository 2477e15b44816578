package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.federated.TinyAdapters;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.AdaptableTraining;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which adaptation a plant serves, and that it is computed once per global version. */
class ValidatedAdaptationTest {

    /**
     * Arithmetic stand-in for local training: a round adds 1 to every weight, and the validation loss is the distance
     * of the first weight from a target, so the best number of rounds is known in advance.
     */
    private static final class ArithmeticTraining implements AdaptableTraining {
        final float target;
        final List<Long> rounds = new ArrayList<>();

        ArithmeticTraining(float target) {
            this.target = target;
        }

        @Override
        public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
            return new Result(globalAdapter, 1);
        }

        @Override
        public PeftAdapter trainFrom(PeftAdapter start, long round) {
            rounds.add(round);
            TensorDict weights = start.weights();
            return new PeftAdapter(
                    start.config(), weights.plus(weights.unflatten(TinyAdapters.filled((int) weights.numel(), 1f))));
        }

        @Override
        public double validationLoss(PeftAdapter adapter) {
            return Math.abs(adapter.weights().flatten()[0] - target);
        }
    }

    private static PeftAdapter global(float value) {
        return new PeftAdapter(TinyAdapters.config(), TinyAdapters.weights(value));
    }

    @Test
    void servesTheRoundTheHeldOutDataScoresBestWithRoundSeedsCountingUp() {
        ArithmeticTraining training = new ArithmeticTraining(3f);
        ValidatedAdaptation adaptation = new ValidatedAdaptation(training, 5, 100);

        ValidatedAdaptation.Choice choice = adaptation.choose(global(0f));

        assertThat(choice.rounds()).isEqualTo(3);
        assertThat(choice.adapter().weights().flatten()[0]).isCloseTo(3f, within(1e-6f));
        assertThat(choice.validationLoss()).isCloseTo(0, within(1e-6));
        assertThat(choice.globalValidationLoss()).isCloseTo(3, within(1e-6));
        assertThat(training.rounds).containsExactly(100L, 101L, 102L, 103L, 104L);
        assertThat(adaptation.personalises()).isTrue();
    }

    @Test
    void keepsTheGlobalAdapterWhenNoLocalRoundImprovesOnIt() {
        ArithmeticTraining training = new ArithmeticTraining(-1f);
        ValidatedAdaptation adaptation = new ValidatedAdaptation(training, 3, 1);

        PeftAdapter global = global(0f);
        ValidatedAdaptation.Choice choice = adaptation.choose(global);

        assertThat(choice.rounds()).isZero();
        assertThat(adaptation.served(global)).isSameAs(global);
    }

    @Test
    void stopsAtTheRoundLimit() {
        ValidatedAdaptation adaptation = new ValidatedAdaptation(new ArithmeticTraining(10f), 2, 1);

        assertThat(adaptation.choose(global(0f)).rounds()).isEqualTo(2);
        assertThat(new ValidatedAdaptation(new ArithmeticTraining(10f), 0, 1).personalises())
                .isFalse();
    }

    @Test
    void adaptsOncePerGlobalVersionAndAgainForANewOne() {
        ArithmeticTraining training = new ArithmeticTraining(2f);
        ValidatedAdaptation adaptation = new ValidatedAdaptation(training, 3, 1);

        PeftAdapter first = adaptation.served(global(0f));
        PeftAdapter again = adaptation.served(global(0f)); // an equal version loaded again from the store
        assertThat(again).isSameAs(first);
        assertThat(training.rounds).hasSize(3);

        PeftAdapter next = adaptation.served(global(1f));
        assertThat(training.rounds).hasSize(6);
        assertThat(next.weights().flatten()[0]).isCloseTo(2f, within(1e-6f));
    }
}
