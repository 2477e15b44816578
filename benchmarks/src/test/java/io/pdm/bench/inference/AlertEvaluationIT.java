package io.pdm.bench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.devices.lives.PumpLives;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation end to end on a tiny slice, with real bases and the service's real steps: five FD001 test engines
 * scored by a base pretrained here for one epoch on FD001's training engines, and a short simulated pump fleet scored
 * by a pump base pretrained on another seed. Checks the figures against each life's own trace and the truth.
 */
class AlertEvaluationIT {
    static final Path DATA = Path.of(System.getProperty("pdm.shared.data", "../shared/data"), "cmapss");

    @TempDir
    Path tmp;

    @Test
    void fiveCmapssEnginesAndAShortSimulatedFleetAreReplayedAndMeasured() throws Exception {
        AssetType turbofan = AssetTypes.builtIn(CmapssLives.TYPE);
        Path cmapssBase = CmapssBases.small(DATA, tmp.resolve("cache"), 1, 8).ensure("FD001", TrainingMonitor.SILENT);
        List<Life> engines =
                new CmapssLives(DATA, "FD001", CmapssLives.Split.TEST).lives().subList(0, 5);

        AssetType pump = AssetTypes.builtIn("pump-set");
        PumpLives demo = PumpLives.demo(pump);
        PumpLives fleet = new PumpLives(
                pump, demo.fleet().withAssetsPerPlant(4), List.of(21L), Duration.ofHours(3), demo.bands(), 0.3);
        Path pumpBase = tmp.resolve("pump-base");
        List<Life> training = fleet.withSeeds(List.of(22L, 23L)).lives();
        try (NDManager m = NDManager.newBaseManager();
                LifePretraining.Outcome o = LifePretraining.run(
                        LifePretraining.Settings.of(
                                pump,
                                training,
                                new CmapssModels.Size(16, 1, 5, 0.0),
                                TrainingOptions.defaults().withEpochs(1)),
                        m,
                        TrainingMonitor.SILENT)) {
            o.save(pumpBase);
        }
        List<Life> pumps = fleet.lives();

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (AlertTextPipeline template = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            AlertEvaluation.Outcome o = AlertEvaluation.run(
                    List.of(
                            new EvalSource("FD001 test", turbofan, cmapssBase, "train_FD001", engines),
                            new EvalSource("pumps", pump, pumpBase, "seeds 22, 23", pumps)),
                    List.of(new AlertEvaluation.Writer("template", template::write)),
                    AlertEvaluation.Options.defaults(),
                    new PrintStream(log, true));

            SourceResult fd001 = o.sources().get(0);
            assertThat(fd001.lives()).isEqualTo(5);
            assertThat(fd001.steps())
                    .isEqualTo(engines.stream().mapToInt(Life::steps).sum());
            assertThat(fd001.reached()
                            + fd001.perLife().stream().filter(r -> !r.reached()).count())
                    .isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                Life life = engines.get(i);
                LifeMetrics.Result r = fd001.perLife().get(i);
                // reached exactly when the engine's true RUL at its last cycle is at or below the warning (50)
                assertThat(r.reached()).isEqualTo(life.remainingAtEnd() <= 50);
                // C-MAPSS: the life runs from cycle 1 to the failure at last cycle + RUL
                assertThat(r.lifeLength()).isEqualTo(life.age(life.steps() - 1) + life.remainingAtEnd());
                if (r.alerted()) {
                    assertThat(r.lead()).isEqualTo(life.remaining(r.alertStep()));
                    assertThat(r.leadShare()).isCloseTo(r.lead() / r.lifeLength(), within(1e-12));
                }
                // the base scores every cycle from the first (a short history is padded), so every step is scored
                assertThat(r.scoredWithTruth()).isEqualTo(life.steps());
                // healthy: true RUL above 80 cycles, one cycle per step
                long healthy = java.util.stream.IntStream.range(0, life.steps())
                        .filter(s -> life.remaining(s) > 80)
                        .count();
                assertThat(r.healthyExposure()).isEqualTo(healthy);
            }
            // a missed engine without room stopped fewer than the turbofan's on-delay cycles below the warning
            assertThat(fd001.missedNoRoom()).isLessThanOrEqualTo(fd001.missed());
            for (LifeMetrics.Result r : fd001.perLife()) {
                if (r.reached() && !r.room()) {
                    assertThat(engines.get(fd001.perLife().indexOf(r)).remainingAtEnd())
                            .isGreaterThan(
                                    50.0 - turbofan.thresholds().alertDelay().on());
                }
            }
            // the rate's exact bound lies above the rate, and the resolution (zero alerts) at or below the bound
            assertThat(fd001.falseUpperPer1000())
                    .isGreaterThan(fd001.falsePer1000())
                    .isGreaterThanOrEqualTo(fd001.resolutionPer1000());
            assertThat(fd001.resolutionPer1000())
                    .isCloseTo(RateBound.upperPer1000(0, fd001.healthyExposure(), 0.95), within(1e-9));
            assertThat(fd001.intervalLevel()).isEqualTo(0.9);
            assertThat(fd001.coverage()).isBetween(0.0, 1.0);

            SourceResult sim = o.sources().get(1);
            assertThat(sim.lives()).isEqualTo(pumps.size()).isPositive();
            assertThat(sim.unit()).isEqualTo("hours");
            // one-minute windows: healthy running is a multiple of 1/60 h
            assertThat(sim.healthyExposure() * 60).isCloseTo(Math.rint(sim.healthyExposure() * 60), within(1e-6));

            TextTally.Summary texts = o.writers().get("template");
            assertThat(texts.texts()).isPositive();
            // the re-check agrees with the verdict each alert records; every unsupported number is in an ungrounded
            // text
            assertThat(texts.grounded()).isEqualTo(texts.recordedGrounded()).isLessThanOrEqualTo(texts.texts());
            assertThat(texts.supported()).isLessThanOrEqualTo(texts.numbers());
            if (texts.grounded() == texts.texts()) assertThat(texts.supported()).isEqualTo(texts.numbers());
            assertThat(o.samples()).isNotEmpty().hasSizeLessThanOrEqualTo(10);

            String md = EvalReport.markdown(o, "test");
            assertThat(md).contains("| FD001 test | train_FD001 | 5 |").contains("Alerts side by side");
        }
        assertThat(log.toString()).contains("FD001 test: 5 lives");
    }
}
