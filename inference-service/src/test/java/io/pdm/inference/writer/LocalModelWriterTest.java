package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.config.SensorConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.text.ByteTokenizer;
import io.pdm.model.text.HfTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process writer on real (small, untrained) DJL/PyTorch checkpoints: the platform's own kind (byte
 * tokenizer, sensor section) and a user's Llama-family checkpoint with a real Hugging Face tokenizer.json
 * (all-MiniLM-L6-v2's WordPiece vocabulary, shipped in the embedding model's jar). Untrained models write
 * noise; the point is that whatever they write goes through the grounding check, and the alert keeps a
 * grounded text either way.
 */
class LocalModelWriterTest {
    private final NDManager manager = NDManager.newBaseManager();
    private final FactSheet sheet = FactSheetTestData.conditionSheet();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelConfig config(int vocab, int bos, int eos, SensorConfig pdm) {
        return new ModelConfig(
                ModelConfig.DEFAULT_ARCHITECTURES,
                "llama",
                64,
                128,
                2,
                4,
                2,
                16,
                1e-5,
                10_000,
                vocab,
                2048,
                false,
                bos,
                List.of(eos),
                null,
                "float32",
                pdm,
                Map.of());
    }

    private Path save(String name, ModelConfig config, long seed) throws IOException {
        Path target = dir.resolve(name);
        try (PdmTransformer model = PdmTransformer.initialize(TransformerShape.of(config), manager, seed)) {
            ModelCheckpoint.save(model, config, target);
        }
        return target;
    }

    private static void assertGroundedEitherWay(WrittenAlert alert, String writerId, FactSheet sheet) {
        assertThat(alert.grounded()).isTrue();
        assertThat(GroundingCheck.check(alert.text(), sheet)).isEmpty();
        if (alert.writerId().equals(writerId)) {
            assertThat(alert.fallback()).isNull();
        } else {
            assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
            assertThat(alert.text()).isEqualTo(new TemplateWriter().write(sheet, null));
            assertThat(alert.fallback()).isNotBlank();
        }
    }

    @Test
    void thePlatformsOwnModelWritesAndItsTextIsChecked() throws Exception {
        SensorConfig pdm = new SensorConfig(
                1, 1, 64, 3, List.of("healthy", "degrading", "critical"), 125, SensorConfig.Tokenizer.BYTE, 0);
        Path checkpoint =
                save("pdm-base", config(ByteTokenizer.VOCAB_SIZE, ByteTokenizer.BOS, ByteTokenizer.EOS, pdm), 5);
        try (LocalModelWriter writer =
                        LocalModelWriter.open(checkpoint, manager, HfTokenizer.SpecialTokens.DEFAULT, 48);
                AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofMinutes(2))) {
            assertThat(writer.id()).matches("local:pdm-base@[0-9a-f]{12}");
            String raw = writer.write(sheet, null);
            assertThat(raw).doesNotContain("\n");
            assertThat(writer.write(sheet, null))
                    .as("greedy decoding is deterministic")
                    .isEqualTo(raw);
            WrittenAlert alert = pipeline.write(sheet);
            assertGroundedEitherWay(alert, writer.id(), sheet);
            if (!GroundingCheck.check(raw, sheet).isEmpty()) {
                assertThat(alert.rejected()).isNotEmpty();
            }
        }
    }

    @Test
    void aUsersLlamaCheckpointWithItsOwnTokenizerWritesThroughTheSameCheck() throws Exception {
        Path checkpoint = save("user-llama", config(30522, 101, 102, null), 9);
        try (InputStream vocab = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            assertThat(vocab).as("tokenizer.json of the embedding model jar").isNotNull();
            Files.copy(vocab, checkpoint.resolve("tokenizer.json"));
        }
        HfTokenizer.SpecialTokens bert = new HfTokenizer.SpecialTokens("[CLS]", "[SEP]", "[PAD]");
        try (LocalModelWriter writer = LocalModelWriter.open(checkpoint, manager, bert, 32);
                AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofMinutes(2))) {
            assertThat(writer.id()).startsWith("local:user-llama@");
            WrittenAlert alert = pipeline.write(sheet);
            assertGroundedEitherWay(alert, writer.id(), sheet);
            assertThat(alert.attempts()).isBetween(1, 3);
        }
    }

    @Test
    void aCheckpointWithoutItsTokenizerIsRejectedPrecisely() throws Exception {
        Path checkpoint = save("no-tokenizer", config(300, 1, 2, null), 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LocalModelWriter.open(checkpoint, manager, HfTokenizer.SpecialTokens.DEFAULT, 8))
                .hasMessageEndingWith("has no tokenizer.json; a checkpoint without the byte tokenizer needs one");
    }
}
