package io.pdm.launcher.model;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    @Test
    void theCycleChannelIsOnUnlessTurnedOffAndTheWeightAverageOff() {
        TrainCommand defaults = new TrainCommand();
        new CommandLine(defaults).parseArgs("--cmapss", "data");
        TrainCommand without = new TrainCommand();
        new CommandLine(without).parseArgs("--cmapss", "data", "--cycle-channel=false");

        assertThat(defaults.cycleChannel).isTrue();
        assertThat(defaults.average).isZero();
        assertThat(without.cycleChannel).isFalse();
    }
}
