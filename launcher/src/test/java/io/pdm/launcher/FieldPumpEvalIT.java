package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.bench.inference.AlertEvaluation;
import io.pdm.bench.inference.EvalSource;
import io.pdm.bench.inference.SourceResult;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A field-scale pump replay end to end through the real commands, on small sizes: the hourly {@code pump-set-field}
 * type, a base pretrained by {@code pdm model pretrain --lives sim:SEEDS} on a 60-day-life fleet, and {@code pdm alerts
 * eval --simulator --asset-type FILE --sim-base DIR} on another seed: lives, predictions and the false-alert count.
 */
class FieldPumpEvalIT {
    @TempDir
    Path tmp;

    static final String[] SCALE = {"--mean-life", "60d", "--inspection-interval", "14d"};

    @Test
    void aFieldScaleReplayGivesLivesPredictionsAndFalseAlertsPerHealthyHour() throws Exception {
        Path type = tmp.resolve("pump-set-field.json");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("asset-types/pump-set-field.json")) {
            Files.copy(in, type);
        }
        Path base = tmp.resolve("base");
        int pretrained = Pdm.commandLine()
                .execute(concat(
                        new String[] {"model", "pretrain", "--asset-type", type.toString(), "--lives", "sim:1"},
                        SCALE,
                        new String[] {"--pumps", "3", "--sim-days", "40"},
                        new String[] {
                            "--hidden",
                            "16",
                            "--layers",
                            "1",
                            "--epochs",
                            "1",
                            "--stride",
                            "12",
                            "--out",
                            base.toString()
                        }));
        assertThat(pretrained).isZero();
        assertThat(base.resolve("pdm_protocol.json")).exists();

        var parsed = Pdm.commandLine()
                .parseArgs(concat(
                        new String[] {
                            "alerts",
                            "eval",
                            "--simulator",
                            "--seeds",
                            "5",
                            "--asset-type",
                            type.toString(),
                            "--sim-base",
                            base.toString(),
                            "--pumps",
                            "2",
                            "--sim-days",
                            "30"
                        },
                        SCALE));
        AlertsCommand.Eval eval = (AlertsCommand.Eval)
                parsed.subcommand().subcommand().commandSpec().userObject();
        List<EvalSource> sources = new SimulatorEvalSources(eval).sources();
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).type().id()).isEqualTo("pump-set-field");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (AlertTextPipeline template = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            SourceResult r = AlertEvaluation.run(
                            sources,
                            List.of(new AlertEvaluation.Writer("template", template::write)),
                            AlertEvaluation.Options.defaults(),
                            new PrintStream(log, true))
                    .sources()
                    .get(0);
            assertThat(r.unit()).isEqualTo("hours");
            assertThat(r.lives()).isEqualTo(sources.get(0).lives().size()).isPositive();
            // 2 pumps × 30 days of hourly steps, most of them running
            assertThat(r.steps()).isGreaterThan(1_000);
            assertThat(r.scoredWithTruth())
                    .as("steps with a prediction and a known truth")
                    .isPositive();
            // healthy running is counted in hours (more than 14 days before each stop), and the rate follows from it
            assertThat(r.healthyExposure()).isGreaterThan(50);
            int falseAlerts = r.falsePredictive() + r.falseCondition();
            assertThat(r.falsePer1000()).isEqualTo(1000.0 * falseAlerts / r.healthyExposure());
            assertThat(r.falseUpperPer1000()).isGreaterThan(r.falsePer1000());
            assertThat(log.toString()).contains("healthy hours");
        }
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
