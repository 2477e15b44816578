package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pdm alerts eval} and {@code pdm bench inference}: options parse; a run with nothing to replay is refused. */
class AlertsCommandTest {
    @Test
    void optionsParse() {
        CommandLine.ParseResult r = Pdm.commandLine()
                .parseArgs(
                        "alerts",
                        "eval",
                        "--cmapss",
                        "/data/cmapss",
                        "--subsets",
                        "FD001,FD003",
                        "--engines",
                        "5",
                        "--base",
                        "FD001=/models/fd001",
                        "--simulator",
                        "--seeds",
                        "7,8",
                        "--pump-base-age",
                        "--writer",
                        "template,local",
                        "--writer-model",
                        "/models/writer",
                        "--out",
                        "r.md");
        AlertsCommand.Eval e =
                (AlertsCommand.Eval) r.subcommand().subcommand().commandSpec().userObject();
        assertThat(e.subsets).containsExactly("FD001", "FD003");
        assertThat(e.engines).isEqualTo(5);
        assertThat(e.bases).containsEntry("FD001", Path.of("/models/fd001"));
        assertThat(e.simulator).isTrue();
        assertThat(e.seeds).containsExactly(7L, 8L);
        assertThat(e.pumpBaseAge).as("--pump-base-age").isTrue();
        assertThat(e.writers).containsExactly("template", "local");
        assertThat(e.epochs).isEqualTo(10);
        assertThat(e.stride).isEqualTo(2);
    }

    @Test
    void policyOverridesChangeTheReplayedTypeOnly() throws Exception {
        CommandLine.ParseResult r = Pdm.commandLine()
                .parseArgs("alerts", "eval", "--simulator", "--on-delay", "3,5", "--upper-bound-below", "1.1,none");
        AlertsCommand.Eval e =
                (AlertsCommand.Eval) r.subcommand().subcommand().commandSpec().userObject();
        io.pdm.assets.AssetType pump = io.pdm.assets.AssetTypes.builtIn("pump-set");
        java.util.Map<String, io.pdm.assets.AssetType> variants = e.withPolicies(pump);
        assertThat(variants)
                .containsOnlyKeys(
                        ", on-delay 3, upper bound below 1.1",
                        ", on-delay 3, upper bound below none",
                        ", on-delay 5, upper bound below 1.1",
                        ", on-delay 5, upper bound below none");
        assertThat(variants.get(", on-delay 3, upper bound below 1.1")
                        .thresholds()
                        .upperBoundBelow())
                .isEqualTo(1.1);
        io.pdm.assets.AssetType replayed = variants.get(", on-delay 5, upper bound below none");
        assertThat(pump.thresholds().upperBoundBelow()).isNotNull();
        assertThat(replayed.thresholds().upperBoundBelow()).isNull();
        assertThat(replayed.thresholds().alertDelay().on()).isEqualTo(5);
        assertThat(replayed.thresholds().alertDelay().clear())
                .isEqualTo(pump.thresholds().alertDelay().clear());
        assertThat(replayed.channels()).isEqualTo(pump.channels());
        assertThat(new AlertsCommand.Eval().withPolicies(pump)).containsOnlyKeys("");
    }

    @Test
    void minHistoryReplaysTheSameLivesOncePerValue() throws Exception {
        CommandLine.ParseResult r =
                Pdm.commandLine().parseArgs("alerts", "eval", "--simulator", "--min-history", "0,5,9,15");
        AlertsCommand.Eval e =
                (AlertsCommand.Eval) r.subcommand().subcommand().commandSpec().userObject();
        io.pdm.assets.AssetType pump = io.pdm.assets.AssetTypes.builtIn("pump-set");
        java.util.Map<String, io.pdm.assets.AssetType> variants = e.withPolicies(pump);
        assertThat(variants)
                .containsOnlyKeys(", min history 0", ", min history 5", ", min history 9", ", min history 15");
        assertThat(variants.get(", min history 15").thresholds().minHistorySteps())
                .isEqualTo(15);
        assertThat(variants.get(", min history 0").thresholds().minHistorySteps())
                .isZero();
        // everything else of the policy is the type's own
        assertThat(variants.get(", min history 5").thresholds().upperBoundBelow())
                .isEqualTo(pump.thresholds().upperBoundBelow());
        assertThat(variants.get(", min history 5").thresholds().alertDelay())
                .isEqualTo(pump.thresholds().alertDelay());
        // without the option the type's own setting is kept
        assertThat(new AlertsCommand.Eval()
                        .withPolicies(pump)
                        .get("")
                        .thresholds()
                        .minHistorySteps())
                .isEqualTo(pump.thresholds().minHistorySteps());
    }

    @Test
    void aNegativeMinHistoryIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Pdm.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("alerts", "eval", "--simulator", "--min-history", "-1", "--model-cache", "/nonexistent");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("minHistorySteps must be 0 or more, got -1");
    }

    @Test
    void aPumpBaseTrainedOnReplayedSeedsIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine cl = Pdm.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("alerts", "eval", "--simulator", "--seeds", "3,5", "--model-cache", "/nonexistent");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the pump base would be pretrained on replayed seeds [3]");
    }

    @Test
    void aPumpBaseWindowThatIsNotAMultipleOfThePatchIsRefusedBeforeAnyWork() {
        StringWriter err = new StringWriter();
        CommandLine cl = Pdm.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(
                "alerts",
                "eval",
                "--simulator",
                "--seeds",
                "5",
                "--pump-base-window",
                "12",
                "--model-cache",
                "/nonexistent");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("the pump base's window must be a positive multiple of its patch 5, got 12");
    }

    @Test
    void nothingToReplayIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Pdm.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("alerts", "eval");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nothing to replay: give --cmapss DIR and/or --simulator");
    }

    @Test
    void theInferenceBenchIsListed() {
        StringWriter out = new StringWriter();
        CommandLine cl = Pdm.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("bench", "inference", "--help")).isZero();
        assertThat(out.toString()).contains("--rate", "--writer-model", "--windows");
    }

    @Test
    void aLargerBaseIsASeparateCachedBase() throws Exception {
        AlertsCommand.Eval small = eval("alerts", "eval", "--cmapss", "/data/cmapss", "--model-cache", "/c");
        AlertsCommand.Eval large = eval(
                "alerts",
                "eval",
                "--cmapss",
                "/data/cmapss",
                "--model-cache",
                "/c",
                "--base-size",
                "64x2",
                "--epochs",
                "15",
                "--base-patience",
                "3");
        io.pdm.bench.inference.CmapssBases def = small.cmapssBases();
        io.pdm.bench.inference.CmapssBases big = large.cmapssBases();
        // by default the evaluation's small bases, under the key they always had
        assertThat(def.cacheKey("FD003"))
                .isEqualTo(io.pdm.bench.inference.CmapssBases.small(Path.of("/data/cmapss"), Path.of("/c"), 10, 2)
                        .cacheKey("FD003"));
        assertThat(def.size().hidden()).isEqualTo(32);
        assertThat(big.size().hidden()).isEqualTo(64);
        assertThat(big.size().layers()).isEqualTo(2);
        assertThat(big.training().epochs()).isEqualTo(15);
        assertThat(big.training().patience()).isEqualTo(3);
        assertThat(big.cacheKey("FD003")).contains("fd003-").isNotEqualTo(def.cacheKey("FD003"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> eval("alerts", "eval", "--base-size", "64").cmapssBases()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("WIDTHxLAYERS");
    }

    private static AlertsCommand.Eval eval(String... args) {
        CommandLine.ParseResult r = Pdm.commandLine().parseArgs(args);
        return (AlertsCommand.Eval) r.subcommand().subcommand().commandSpec().userObject();
    }
}
