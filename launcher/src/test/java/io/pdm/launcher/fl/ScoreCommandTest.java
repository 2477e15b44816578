package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.pdm.federated.TinyBaseModel;
import io.pdm.launcher.Pdm;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.nn.PdmTransformer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pdm fl score --tune}: each plant's adapter DIR/PLANT scored on the plant's tuning engines (real DJL, tiny
 * base) and saved as a run pdm fl ensemble reads; a missing plant is refused before anything is written. That the
 * scores equal the bench's own: AdapterScoringIT.
 */
class ScoreCommandTest {
    static final List<String> PLANTS = List.of("fd001", "fd002", "fd003", "fd004");

    @TempDir
    Path dir;

    @Test
    void scoresEveryPlantsAdapterOnItsTuningEnginesAsARunEnsembleReads() throws Exception {
        Path base = TinyBaseModel.create(dir.resolve("base"), List.of("FD001", "FD002", "FD003", "FD004"));
        Path adapters = dir.resolve("adapters");
        try (NDManager manager = NDManager.newBaseManager()) {
            PdmTransformer model = ModelCheckpoint.load(base, manager);
            for (String plant : PLANTS) {
                model.attachLora(LoraConfig.of(4, 8, 0.0, base.toString()), plant.hashCode())
                        .toPeft()
                        .save(adapters.resolve(plant));
            }
        }
        Path out = dir.resolve("scored");
        int exit = score(Pdm.commandLine(), base, adapters, out);
        assertThat(exit).isZero();

        SavedRun run = SavedRun.read(out);
        assertThat(run.evaluationSet()).isEqualTo("tuning");
        assertThat(run.seed()).isEqualTo(7);
        assertThat(run.settings()).containsEntry("tune", "0.2").containsEntry("scored_by", "pdm fl score");
        assertThat(run.rows()).extracting(SavedRun.Row::plant).containsExactlyElementsOf(PLANTS);
        assertThat(run.rows()).extracting(SavedRun.Row::scenario).containsOnly("merged");
        List<EnsembleCommand.Curve> curves = EnsembleCommand.curves(List.of(run));
        assertThat(curves).hasSize(1);
        assertThat(curves.get(0).ensembles().get(0).get("fd002").count()).isGreaterThan(100);

        StringWriter err = new StringWriter();
        int missing = score(
                Pdm.commandLine().setErr(new PrintWriter(err, true)), base, dir.resolve("none"), dir.resolve("x"));
        assertThat(missing).isEqualTo(2);
        assertThat(err.toString()).contains("holds no adapter_model.safetensors");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    static int score(picocli.CommandLine pdm, Path base, Path adapters, Path out) {
        return pdm.execute(
                "fl",
                "score",
                "--base",
                base.toString(),
                "--cmapss",
                TinyBaseModel.cmapssDir().toString(),
                "--tune",
                "0.2",
                "--seed",
                "7",
                "--adapters",
                adapters.toString(),
                "--scenario",
                "merged",
                "--save-predictions",
                out.toString());
    }
}
