package io.pdm.inference.service;

import ai.djl.ndarray.NDManager;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.AlertWriter;
import io.pdm.inference.writer.LocalModelWriter;
import io.pdm.inference.writer.OpenAiCompatibleWriter;
import io.pdm.inference.writer.OpenAiConfig;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.model.text.HfTokenizer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which writer drafts alert texts, and how long an alert may wait for one; every writer's text goes through the
 * grounding check, and the template replaces a text that fails twice or comes too late.
 *
 * @param kind        template (deterministic), local (a checkpoint in-process: the platform's own model or a
 *                    Llama-family one), or openai (an OpenAI-compatible server: vLLM, Ollama, llama.cpp)
 * @param modelDir    the checkpoint for {@code local}
 * @param llama3      the checkpoint's special tokens are Llama 3's (else Llama 2's); ignored for byte-tokenized models
 * @param openAiUrl   the server's base URL for {@code openai}, e.g. http://127.0.0.1:11434/v1
 * @param openAiModel the model name the server knows
 * @param apiKeyFile  a file holding the server's API key (never the key itself on the command line)
 * @param deadline    the longest an alert waits for its text
 */
public record WriterSettings(
        Kind kind,
        Path modelDir,
        boolean llama3,
        URI openAiUrl,
        String openAiModel,
        Path apiKeyFile,
        Duration deadline) {
    public enum Kind {
        TEMPLATE,
        LOCAL,
        OPENAI;

        public static Kind parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public WriterSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deadline, "deadline");
        if (kind == Kind.LOCAL && modelDir == null) {
            throw new IllegalArgumentException("the local writer needs a checkpoint directory (--writer-model)");
        }
        if (kind == Kind.OPENAI && (openAiUrl == null || openAiModel == null)) {
            throw new IllegalArgumentException(
                    "the openai writer needs the server's base URL and model name (--openai-url, --openai-model)");
        }
    }

    /** Llama 2's and Llama 3's begin, end and padding tokens (LocalModelWriter's documentation). */
    static final HfTokenizer.SpecialTokens LLAMA2 = new HfTokenizer.SpecialTokens("<s>", "</s>", "</s>");

    static final HfTokenizer.SpecialTokens LLAMA3 =
            new HfTokenizer.SpecialTokens("<|begin_of_text|>", "<|end_of_text|>", "<|end_of_text|>");

    public static WriterSettings template() {
        return new WriterSettings(Kind.TEMPLATE, null, false, null, null, null, Duration.ofSeconds(5));
    }

    /** Opens the configured writer behind the grounding check; close the pipeline to release a local model. */
    public AlertTextPipeline open() throws IOException {
        return new AlertTextPipeline(writer(), deadline);
    }

    private AlertWriter writer() throws IOException {
        return switch (kind) {
            case TEMPLATE -> new TemplateWriter();
            case LOCAL -> LocalModelWriter.open(modelDir, NDManager.newBaseManager(), llama3 ? LLAMA3 : LLAMA2, 200);
            case OPENAI -> {
                OpenAiConfig defaults = OpenAiConfig.defaults(openAiUrl, openAiModel);
                String key =
                        apiKeyFile == null ? null : Files.readString(apiKeyFile).trim();
                yield new OpenAiCompatibleWriter(new OpenAiConfig(
                        defaults.baseUrl(),
                        defaults.model(),
                        key,
                        defaults.timeout(),
                        defaults.maxAttempts(),
                        defaults.backoff(),
                        defaults.jsonSchema(),
                        defaults.breakerWindow(),
                        defaults.breakerFailureRate(),
                        defaults.breakerOpenFor(),
                        defaults.temperature(),
                        defaults.maxTokens()));
            }
        };
    }
}
