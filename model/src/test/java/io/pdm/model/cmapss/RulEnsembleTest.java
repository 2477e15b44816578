package io.pdm.model.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulEnsembleTest {
    @Test
    void averagesMemberPredictionsPerWindow() {
        RulEnsemble ensemble = new RulEnsemble(
                "FD001", List.of(new float[] {10, 100}, new float[] {30, 80}, new float[] {20, 90}), new float[] {20, 90
                });

        assertThat(ensemble.mean()).containsExactly(new float[] {20, 90}, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(ensemble.evaluate().rmse()).isCloseTo(0, within(1e-5));
    }

    @Test
    void opposingErrorsCancelSoTheEnsembleBeatsEveryMember() {
        float[] truth = {50, 50};
        RulEnsemble ensemble = new RulEnsemble("FD001", List.of(new float[] {40, 62}, new float[] {60, 40}), truth);

        assertThat(ensemble.member(0).rmse()).isCloseTo(Math.sqrt((100 + 144) / 2.0), within(1e-9));
        assertThat(ensemble.member(1).rmse()).isCloseTo(10, within(1e-9));
        assertThat(ensemble.evaluate().rmse()).isCloseTo(Math.sqrt(0.5), within(1e-5));
    }

    @Test
    void rejectsMembersOfOtherLengthsAndEmptyEnsembles() {
        assertThatThrownBy(() ->
                        new RulEnsemble("FD001", List.of(new float[] {1, 2}, new float[] {1}), new float[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RulEnsemble("FD001", List.of(), new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
