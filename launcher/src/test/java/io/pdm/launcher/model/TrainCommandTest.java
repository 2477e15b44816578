package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainCommandTest {

    @Test
    void pooledTrainingDefaultsToTheCycleChannel25EpochsAndNoWeightAverage() {
        TrainCommand defaults = new TrainCommand();
        new CommandLine(defaults).parseArgs("--cmapss", "data");
        TrainCommand without = new TrainCommand();
        new CommandLine(without).parseArgs("--cmapss", "data", "--cycle-channel=false", "--epochs", "15");

        assertThat(defaults.cycleChannel).isTrue();
        assertThat(defaults.training.epochs).isEqualTo(25);
        assertThat(defaults.average).isZero();
        assertThat(without.cycleChannel).isFalse();
        assertThat(without.training.epochs).isEqualTo(15);
    }

    @Test
    void pretrainingKeeps15Epochs() {
        PretrainCommand pretrain = new PretrainCommand();
        new CommandLine(pretrain).parseArgs("--cmapss", "data", "--out", "base");

        assertThat(pretrain.training.epochs).isEqualTo(15);
    }
}
