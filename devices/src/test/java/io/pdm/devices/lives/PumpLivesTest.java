package io.pdm.devices.lives;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.devices.sim.FleetSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PumpLivesTest {

    @Test
    void simulatedPumpsGiveFeatureWindowLivesEndedByTheirStopsAndTheSameLivesForTheSameSeed() throws Exception {
        AssetType pump = AssetTypes.builtIn("pump-set");
        PumpLives source = PumpLives.demo(pump).withSeeds(List.of(5L)).withSimulated(Duration.ofHours(3));

        long start = System.nanoTime();
        List<Life> lives = source.lives();
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(lives).isNotEmpty();
        assertThat(lives)
                .allMatch(l -> l.typeId().equals("pump-set") && l.channels().equals(pump.modelChannels()));
        List<Life> failed =
                lives.stream().filter(l -> l.end() == LifeEnd.FAILED).toList();
        // 16 pumps with a 90-minute mean life over 3 hours: most stop at least once.
        assertThat(failed.size()).isGreaterThanOrEqualTo(8);
        for (Life life : failed) {
            // one-minute steps; the stop comes within a step of the last complete window
            assertThat(life.age(1) - life.age(0)).isCloseTo(1 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(life.remainingAtEnd()).isBetween(0.0, 2 / 60.0);
        }
        // Wear shows: late in failed lives the model channels differ from early on (kurtosis or pressure move).
        int k = pump.modelChannels().indexOf("vibration.kurtosis");
        assertThat(failed.stream().allMatch(l -> l.value(0, k) > 1 && l.value(0, k) < 50))
                .isTrue();
        assertThat(source.lives()).isEqualTo(lives);
        System.out.printf(
                "%d lives (%d failed) from 3 simulated hours × 16 pumps in %.1f s%n",
                lives.size(), failed.size(), seconds);
    }

    @Test
    void aStepsAgeIsTheTimeSinceThePumpsLastRestoringMaintenanceNotSinceTheSimulationStarted() throws Exception {
        AssetType pump = AssetTypes.builtIn("pump-set");
        PumpLives source = PumpLives.demo(pump).withSeeds(List.of(5L)).withSimulated(Duration.ofHours(3));
        FleetSimulator fresh = new FleetSimulator(source.fleet(), 5L);
        double minute = 1 / 60.0;

        List<Life> lives = source.lives();

        int restarted = 0, first = 0;
        for (Life life : lives) {
            String asset = life.assetId().substring(life.assetId().lastIndexOf('/') + 1);
            Instant fitted = fresh.renewedAt("sim", asset);
            assertThat(fitted)
                    .as("fitted before the start")
                    .isBefore(source.fleet().start());
            double before = Duration.between(fitted, source.fleet().start()).toMillis() / 3_600_000.0;
            // restarted after a repair: the log is written as the pump starts again, and its first complete
            // one-minute window ends within two minutes of it
            boolean afterRepair = life.age(0) > 0 && life.age(0) <= 2 * minute + 1e-9;
            // the pump's first life: its newer component was fitted before the start, as the simulator reports
            boolean sinceFitting = life.age(0) >= before + minute - 1e-9 && life.age(0) <= before + 2 * minute + 1e-9;
            assertThat(afterRepair || sinceFitting)
                    .as("%s starts at age %.4f h; fitted %.4f h before the start", life.lifeId(), life.age(0), before)
                    .isTrue();
            if (afterRepair) restarted++;
            if (sinceFitting) first++;
        }
        assertThat(restarted).as("lives after a repair").isGreaterThanOrEqualTo(8);
        assertThat(first).as("first lives, aged since the fitting").isGreaterThanOrEqualTo(12);
    }

    @Test
    void atTheDemosScaleTheFleetIsTheDemosAndAtAnHourlyStepItSamplesOncePerMinute() throws Exception {
        AssetType pump = AssetTypes.builtIn("pump-set");
        List<Long> seeds = List.of(1L, 2L, 3L, 4L);
        // the same identity: the demo's cached base and every published pump-set figure are unchanged
        assertThat(PumpLives.atScale(pump, 16, Duration.ofMinutes(90), Duration.ofHours(2), seeds, Duration.ofHours(12))
                        .identity())
                .isEqualTo(PumpLives.demo(pump).identity());

        AssetType field = AssetTypes.builtIn("pump-set-field");
        PumpLives source =
                PumpLives.atScale(field, 4, Duration.ofDays(60), Duration.ofDays(14), List.of(5L), Duration.ofDays(20));
        assertThat(source.fleet().snapshotInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(source.fleet().waveformInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(source.fleet().meanLife()).isEqualTo(Duration.ofDays(60));
        List<Life> lives = source.lives();
        assertThat(lives).isNotEmpty().allMatch(l -> l.typeId().equals("pump-set-field"));
        for (Life life : lives) {
            // hourly steps, their ages in hours; every window had its vibration blocks (a step needs every channel)
            if (life.steps() > 1)
                assertThat(life.age(1) - life.age(0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        // 4 pumps × 20 days = 1,920 pump-hours, most of them complete running windows
        assertThat(lives.stream().mapToInt(Life::steps).sum()).isGreaterThan(1_500);
    }
}
