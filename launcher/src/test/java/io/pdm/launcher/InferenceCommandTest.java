package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.inference.service.InferenceSettings;
import io.pdm.inference.service.WriterSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options become the service's settings; a setting that cannot work is a usage error naming it. */
class InferenceCommandTest {
    static InferenceCommand parse(String... args) {
        CommandLine cl = Pdm.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(prepend("inference", args));
        return (InferenceCommand) r.subcommand().commandSpec().userObject();
    }

    static String[] prepend(String first, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Test
    void optionsBecomeSettings() throws Exception {
        InferenceCommand c = parse(
                "--plant",
                "plant-a",
                "--jdbc",
                "jdbc:postgresql://db/plant_a",
                "--kafka",
                "k:9092",
                "--asset-type",
                "pump-set,cmapss-turbofan",
                "--base-model",
                "pump-set=/models/pump",
                "--rest-port",
                "0",
                "--writer-deadline",
                "3s");
        InferenceSettings s = c.settings();
        assertThat(s.plant()).isEqualTo("plant-a");
        assertThat(s.kafka()).isEqualTo("k:9092");
        assertThat(s.assetTypes()).containsExactly("pump-set", "cmapss-turbofan");
        assertThat(s.baseModels()).containsEntry("pump-set", Path.of("/models/pump"));
        assertThat(s.mapping().typeOf("any-asset")).contains("pump-set");
        assertThat(s.bindAddress()).isEqualTo(System.getenv().getOrDefault("PDM_BIND", "0.0.0.0"));
        WriterSettings w = c.writerSettings();
        assertThat(w.kind()).isEqualTo(WriterSettings.Kind.TEMPLATE);
        assertThat(w.deadline()).hasSeconds(3);
    }

    @Test
    void theInstanceIdIsTheHostNameUnlessGivenAndABadOneIsAUsageError() throws Exception {
        InferenceSettings given = parse("--plant", "p", "--jdbc", "jdbc:x", "--instance", "inference-7")
                .settings();
        assertThat(given.instance()).isEqualTo("inference-7");
        if (System.getenv("PDM_INFERENCE_INSTANCE") == null) {
            assertThat(parse("--plant", "p", "--jdbc", "jdbc:x").settings().instance())
                    .isEqualTo(io.pdm.inference.service.InstanceId.fromHost())
                    .matches("[a-z0-9._-]{1,64}");
        }
        assertThatThrownBy(() -> parse("--plant", "p", "--jdbc", "jdbc:x", "--instance", "pod/1")
                        .settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--instance")
                .hasMessageContaining("pod/1");
    }

    @Test
    void aWriterWithoutWhatItNeedsIsAUsageError() {
        InferenceCommand local = parse("--plant", "p", "--jdbc", "jdbc:x", "--writer", "local");
        assertThatThrownBy(local::writerSettings)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--writer-model");
        InferenceCommand openai = parse("--plant", "p", "--jdbc", "jdbc:x", "--writer", "openai");
        assertThatThrownBy(openai::writerSettings)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--openai-url");
    }

    @Test
    void withoutAPlantOrADatabaseItSaysWhichIsMissing() {
        assertThatThrownBy(() -> parse("--jdbc", "jdbc:x").settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--plant");
    }
}
