package io.pdm.federated.training.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.lives.TuningMode;
import io.pdm.federated.TinyBaseModel;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A plant's tuning engines stand in for the test set: private training engines only, apart from what it learns. */
class TuningHistoryTest {

    private static final ProtocolOptions PROTOCOL = ProtocolOptions.defaults().withWindow(30);

    @Test
    void isReadOnlyInsideATuningRunWhereTheTestFilesAreRefused() {
        TuningHistory history = new TuningHistory(TinyBaseModel.cmapssDir(), "FD001", 0.2);

        assertThatThrownBy(() -> history.prepare(PROTOCOL, 0.2, 0.1, 42))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TuningMode");
        try (TuningMode.Scope scope = TuningMode.enter()) {
            assertThatThrownBy(() -> CmapssSubset.load(TinyBaseModel.cmapssDir(), "FD001"))
                    .isInstanceOf(TuningMode.TestDataRefusedException.class);
        }
    }

    @Test
    void scoresOnAFifthOfThePlantsPrivateEnginesThatItNeitherTrainsOnNorHoldsOut() throws Exception {
        CmapssData data;
        try (TuningMode.Scope scope = TuningMode.enter()) {
            data = new TuningHistory(TinyBaseModel.cmapssDir(), "FD001", 0.2).prepare(PROTOCOL, 0.2, 0.1, 42);
        }
        CmapssSubset training = CmapssSubset.loadTraining(TinyBaseModel.cmapssDir(), "FD001");
        Set<Integer> privateUnits = CmapssData.oemSplit(training, 0.2).train().stream()
                .map(CmapssEngine::unit)
                .collect(Collectors.toSet());
        Set<Integer> learnt =
                data.trainingEngines().stream().map(CmapssEngine::unit).collect(Collectors.toSet());
        Set<Integer> scored = Arrays.stream(data.test().units()).boxed().collect(Collectors.toSet());

        assertThat(data.subset()).as("no NASA subset, so no test engines").isNull();
        assertThat(privateUnits).containsAll(learnt).containsAll(scored);
        assertThat(new HashSet<>(learnt)).doesNotContainAnyElementsOf(scored);
        assertThat(scored).hasSize(Math.round(0.2f * privateUnits.size()));
        assertThat(learnt.size() + scored.size()).isEqualTo(privateUnits.size());
        assertThat(Arrays.stream(data.validation().units()).boxed().collect(Collectors.toSet()))
                .as("the plant's own held-out engines come from what it learns from, not from the tuning engines")
                .isSubsetOf(learnt)
                .doesNotContainAnyElementsOf(scored);
    }
}
