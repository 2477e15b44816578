package io.pdm.federated.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Hand-computed server steps (Reddi et al. 2021, Algorithm 2; v starts at τ²). */
class ServerOptimizerTest {

    @Test
    void serverSgdScalesTheDelta() {
        ServerSgd sgd = new ServerSgd(0.5f);

        ServerStep step = sgd.step(new float[] {1, 2}, new float[] {2, -4}, sgd.initialState(2));

        assertThat(step.global()).containsExactly(2f, 0f);
        assertThat(step.state().completedRounds()).isEqualTo(1);
    }

    @Test
    void fedAvgMAccumulatesMomentum() {
        FedAvgM fedAvgM = new FedAvgM(1f, 0.9f);

        ServerStep first = fedAvgM.step(new float[] {0}, new float[] {1}, fedAvgM.initialState(1));
        ServerStep second = fedAvgM.step(first.global(), new float[] {1}, first.state());

        assertThat(first.global()).containsExactly(1f); // m = 1
        assertThat(second.global()[0]).isCloseTo(2.9f, within(1e-6f)); // m = 0.9·1 + 1 = 1.9
    }

    @Test
    void fedAdamAndFedYogiFollowThePaper() {
        // η=0.1, β1=0.9, β2=0.99, τ=0.01, v0=1e-4, Δ=1: m=0.1;
        // Adam v = 0.99·1e-4 + 0.01 = 0.010099 -> step 0.1·0.1/(√0.010099 + 0.01) = 0.0905028;
        // Yogi v = 1e-4 + 0.01·sign(1 - 1e-4) = 0.0101 -> step 0.0904988.
        // Round 2 with Δ=0.05: m=0.095; Adam v=0.01002301 -> 0.0862735; Yogi v = 0.0101 - 0.01·0.0025 = 0.010075 ->
        // 0.0860708.
        FedAdam adam = new FedAdam(0.1f, 0.9f, 0.99f, 0.01f);
        FedYogi yogi = new FedYogi(0.1f, 0.9f, 0.99f, 0.01f);

        ServerStep adam1 = adam.step(new float[] {0}, new float[] {1}, adam.initialState(1));
        ServerStep yogi1 = yogi.step(new float[] {0}, new float[] {1}, yogi.initialState(1));
        ServerStep adam2 = adam.step(new float[] {0}, new float[] {0.05f}, adam1.state());
        ServerStep yogi2 = yogi.step(new float[] {0}, new float[] {0.05f}, yogi1.state());

        assertThat(adam1.global()[0]).isCloseTo(0.0905028f, within(1e-6f));
        assertThat(adam1.state().secondMoment()[0]).isCloseTo(0.010099f, within(1e-8f));
        assertThat(yogi1.global()[0]).isCloseTo(0.0904988f, within(1e-6f));
        assertThat(adam2.global()[0]).isCloseTo(0.0862735f, within(1e-6f));
        assertThat(yogi2.global()[0]).isCloseTo(0.0860708f, within(1e-6f));
        assertThat(yogi2.state().secondMoment()[0]).isCloseTo(0.010075f, within(1e-8f));
    }

    @Test
    void stateSurvivesAJsonRoundTripAndResumesIdentically() throws Exception {
        FedAdam adam = new FedAdam(0.1f, 0.9f, 0.99f, 0.01f);
        ServerStep first = adam.step(new float[] {0, 1}, new float[] {1, -2}, adam.initialState(2));
        ObjectMapper json = new ObjectMapper();

        ServerOptimizerState restored =
                json.readValue(json.writeValueAsString(first.state()), ServerOptimizerState.class);

        assertThat(restored).isEqualTo(first.state());
        assertThat(adam.step(first.global(), new float[] {0.5f, 0.5f}, restored))
                .isEqualTo(adam.step(first.global(), new float[] {0.5f, 0.5f}, first.state()));
    }
}
