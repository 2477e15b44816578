package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.pdm.bench.federated.FederatedScenario;
import io.pdm.federated.TinyBaseModel;
import io.pdm.launcher.Pdm;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.PdmTransformer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pdm fl bench --scenarios} takes the registry's names, and its help lists exactly those; an adapter it saves
 * names its base, so fl announce refuses it on another base of the same shapes.
 */
class FlBenchCommandTest {
    @TempDir
    Path dir;

    private static FlBenchCommand parse(String... args) {
        CommandLine.ParseResult r = Pdm.commandLine().parseArgs(args);
        return (FlBenchCommand) r.subcommand().subcommand().commandSpec().userObject();
    }

    @Test
    void scenariosAreTakenByTheirNames() {
        assertThat(parse("fl", "bench", "--scenarios", "fedavg+finetune,local+validated,dpsgd").scenarios)
                .containsExactly(
                        FederatedScenario.FINETUNED, FederatedScenario.LOCAL_VALIDATED, FederatedScenario.DP_SGD);
        assertThat(parse("fl", "bench").scenarios).as("all, decided in call()").isNull();
    }

    @Test
    void tuningAndTheCentralBaselinesBudgetAreOptionsThatDefaultToTestSetsAndTheRecipes() {
        FlBenchCommand tuning = parse(
                "fl",
                "bench",
                "--tune",
                "0.2",
                "--full-epochs",
                "3",
                "--full-ensemble",
                "2",
                "--scenarios",
                "pooled-full,pooled-finetune");
        FlBenchCommand plain = parse("fl", "bench");

        assertThat(tuning.tuneFraction).isEqualTo(0.2);
        assertThat(tuning.fullEpochs).isEqualTo(3);
        assertThat(tuning.fullEnsemble).isEqualTo(2);
        assertThat(tuning.scenarios).containsExactly(FederatedScenario.POOLED_FULL, FederatedScenario.POOLED_FINETUNE);
        assertThat(plain.tuneFraction).as("scored on the test sets").isZero();
        assertThat(plain.fullEpochs).as("the recipes' epochs").isZero();
        assertThat(plain.fullEnsemble).as("the recipe's ensemble").isZero();
    }

    @Test
    void averagingOverRoundsAndTheI8WireAreOptionsThatDefaultToTheNewestVersionAndF32() {
        FlBenchCommand averaged = parse("fl", "bench", "--swa-rounds", "5", "--wire", "I8");
        FlBenchCommand plain = parse("fl", "bench");

        assertThat(averaged.swaRounds).isEqualTo(5);
        assertThat(averaged.wire).isEqualTo(io.pdm.model.io.SafetensorsDtype.I8);
        assertThat(plain.swaRounds).isEqualTo(1);
        assertThat(plain.wire).isEqualTo(io.pdm.model.io.SafetensorsDtype.F32);
    }

    @Test
    void anUnknownScenarioIsAUsageErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> parse("fl", "bench", "--scenarios", "fedavg,krum"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'krum'")
                .hasMessageContaining(String.join(",", FederatedScenario.names()));
    }

    @Test
    void helpListsTheRegistrysNames() {
        String usage = Pdm.commandLine()
                .getSubcommands()
                .get("fl")
                .getSubcommands()
                .get("bench")
                .getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");
        assertThat(usage).contains("Subset of " + String.join(", ", FederatedScenario.names()) + " (default: all).");
    }

    @Test
    void aSavedAdapterIsAnnouncedOnItsOwnBaseAndRefusedOnAnotherOfTheSameShapes() throws Exception {
        List<String> subsets = List.of("FD001");
        Path base = TinyBaseModel.create(dir.resolve("base"), subsets);
        Path other = TinyBaseModel.create(dir.resolve("other"), subsets, 2);
        PeftAdapter adapter;
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = ModelCheckpoint.load(base, manager)) {
            adapter = model.attachLora(LoraConfig.of(4, 8, 0.0, base.toString()), 3)
                    .toPeft();
        }
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = ModelCheckpoint.load(other, manager)) {
            model.attachLora(adapter); // the shapes fit: only the recorded base tells them apart
        }
        FlBenchCommand.saveServed(
                dir.resolve("saved"), "fedavg+finetune", "fd001", adapter, ModelCheckpoint.baseHash(base));
        Path saved = dir.resolve("saved/fedavg+finetune/fd001");

        assertThat(announce(Pdm.commandLine(), base, saved)).isZero();
        StringWriter err = new StringWriter();
        assertThat(announce(Pdm.commandLine().setErr(new PrintWriter(err, true)), other, saved))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("was trained on base " + ModelCheckpoint.baseHash(base))
                .contains("this base is " + ModelCheckpoint.baseHash(other));
    }

    private static int announce(CommandLine pdm, Path base, Path adapter) {
        return pdm.execute(
                "fl",
                "announce",
                "--dry-run",
                "--plant",
                "fd001",
                "--version",
                "1",
                "--base",
                base.toString(),
                adapter.toString());
    }
}
