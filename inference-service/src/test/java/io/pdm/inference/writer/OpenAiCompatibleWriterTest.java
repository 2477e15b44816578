package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.inference.writer.ChatCompletionsServer.Reply;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleWriterTest {
    private static final String GOOD = "pump-07 vibration is 4.83 mm/s, zone D of ISO 10816-3, rising 0.125 mm/s per"
            + " hour; measured, not predicted. Inspect the bearing by 2026-03-03, as in [maintie/318].";
    private final FactSheet sheet = FactSheetTestData.conditionSheet();

    private static OpenAiConfig config(URI base, Duration timeout, int attempts, int breakerWindow) {
        return new OpenAiConfig(
                base,
                "llama3.1:8b",
                null,
                timeout,
                attempts,
                Duration.ofMillis(10),
                true,
                breakerWindow,
                50f,
                Duration.ofMinutes(1),
                0.2,
                300);
    }

    @Test
    void aGoodStructuredAnswerIsUsedAndTheRequestCarriesFactsAndSchema() throws Exception {
        try (ChatCompletionsServer server = new ChatCompletionsServer(Reply.json(GOOD, "maintie/318"));
                AlertTextPipeline pipeline = new AlertTextPipeline(
                        new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(5), 3, 10)),
                        Duration.ofSeconds(10))) {
            WrittenAlert alert = pipeline.write(sheet);
            assertThat(alert.text()).isEqualTo(GOOD);
            assertThat(alert.writerId()).isEqualTo("openai:llama3.1:8b@" + server.baseUrl());
            assertThat(alert.grounded()).isTrue();
            assertThat(alert.attempts()).isEqualTo(1);
            assertThat(alert.citedLogIds()).containsExactly("maintie/318");
            JsonNode request = server.requests().get(0);
            assertThat(request.path("model").asText()).isEqualTo("llama3.1:8b");
            assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
            assertThat(request.path("messages").get(1).path("content").asText())
                    .contains("measured vib_velocity_rms: 4.83 mm/s")
                    .contains("similar [maintie/318]");
            JsonNode format = request.path("response_format");
            assertThat(format.path("type").asText()).isEqualTo("json_schema");
            assertThat(format.at("/json_schema/schema/required").toString()).isEqualTo("[\"text\",\"cited_log_ids\"]");
        }
    }

    @Test
    void aMalformedAnswerIsAPreciseErrorAndTheAlertGetsTheTemplate() throws Exception {
        try (ChatCompletionsServer server = new ChatCompletionsServer(Reply.content("Sure! Here is the alert: ..."))) {
            OpenAiCompatibleWriter writer =
                    new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(5), 3, 10));
            assertThatThrownBy(() -> writer.write(sheet, null))
                    .isInstanceOf(WriterException.class)
                    .hasMessageContaining("malformed answer, content is not the requested JSON: Sure! Here is");
            assertThat(server.requests()).hasSize(1); // a malformed answer is not retried
            try (AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofSeconds(10))) {
                WrittenAlert alert = pipeline.write(sheet);
                assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
                assertThat(alert.grounded()).isTrue();
                assertThat(alert.fallback()).contains("malformed answer");
                assertThat(alert.text()).startsWith("pump-07 (centrifugal-pump): condition alarm");
            }
        }
    }

    @Test
    void aSlowServerTimesOutAndTheAlertStillGetsItsTextWithinTheDeadline() throws Exception {
        try (ChatCompletionsServer server =
                        new ChatCompletionsServer(Reply.json(GOOD).delayed(3_000));
                AlertTextPipeline pipeline = new AlertTextPipeline(
                        new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofMillis(300), 2, 10)),
                        Duration.ofSeconds(2))) {
            long start = System.nanoTime();
            WrittenAlert alert = pipeline.write(sheet);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_900));
            assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
            assertThat(alert.fallback()).contains("HttpTimeoutException").contains("after 2 attempts");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void thePipelineDeadlineBoundsAWriterWhoseOwnTimeoutIsLonger() throws Exception {
        try (ChatCompletionsServer server =
                        new ChatCompletionsServer(Reply.json(GOOD).delayed(5_000));
                AlertTextPipeline pipeline = new AlertTextPipeline(
                        new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(30), 3, 10)),
                        Duration.ofMillis(500))) {
            long start = System.nanoTime();
            WrittenAlert alert = pipeline.write(sheet);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
            assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
            assertThat(alert.attempts()).isEqualTo(2);
            assertThat(alert.fallback()).endsWith("did not answer within PT0.5S");
            assertThat(alert.text()).contains("vib_velocity_rms at 4.83 mm/s");
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilAnAnswerComes() throws Exception {
        try (ChatCompletionsServer server = new ChatCompletionsServer(
                new Reply(503, "{\"error\":\"loading model\"}", 0),
                new Reply(500, "oops", 0),
                Reply.json(GOOD, "maintie/318"))) {
            OpenAiCompatibleWriter writer =
                    new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(5), 3, 10));
            assertThat(writer.write(sheet, null)).isEqualTo(GOOD);
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndStopsCallingTheServer() throws Exception {
        try (ChatCompletionsServer server = new ChatCompletionsServer(new Reply(500, "down", 0))) {
            OpenAiCompatibleWriter writer =
                    new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(5), 1, 4));
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> writer.write(sheet, null)).hasMessageContaining("HTTP 500");
            }
            assertThat(writer.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> writer.write(sheet, null)).hasMessageContaining("circuit breaker is open");
            assertThat(server.requests()).hasSize(4);
            try (AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofSeconds(5))) {
                WrittenAlert alert = pipeline.write(sheet);
                assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
                assertThat(alert.fallback()).contains("circuit breaker is open");
            }
            assertThat(server.requests()).hasSize(4);
        }
    }

    @Test
    void anUngroundedTextIsRewrittenOnceWithItsViolationsInThePrompt() throws Exception {
        String invented = "pump-07 vibration is 6.1 mm/s; replace the impeller by 2026-03-09 [log-9999].";
        try (ChatCompletionsServer server =
                        new ChatCompletionsServer(Reply.json(invented), Reply.json(GOOD, "maintie/318"));
                AlertTextPipeline pipeline = new AlertTextPipeline(
                        new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(5), 1, 10)),
                        Duration.ofSeconds(10))) {
            WrittenAlert alert = pipeline.write(sheet);
            assertThat(alert.text()).isEqualTo(GOOD);
            assertThat(alert.grounded()).isTrue();
            assertThat(alert.attempts()).isEqualTo(2);
            assertThat(alert.rejected())
                    .extracting(Violation::fragment)
                    .containsExactlyInAnyOrder("[log-9999]", "2026-03-09", "6.1 mm/s", "impeller");
            assertThat(server.requests()
                            .get(1)
                            .path("messages")
                            .get(1)
                            .path("content")
                            .asText())
                    .contains("Your previous text was rejected")
                    .contains("LOG_ID '[log-9999]': no log with this id in the facts");
        }
    }

    @Test
    void twoUngroundedTextsFallBackToTheTemplateAndTheRecordSaysSo() throws Exception {
        try (ChatCompletionsServer server = new ChatCompletionsServer(Reply.json("Vibration hit 9.9 mm/s."));
                AlertTextPipeline pipeline = new AlertTextPipeline(
                        new OpenAiCompatibleWriter(config(server.baseUrl(), Duration.ofSeconds(5), 1, 10)),
                        Duration.ofSeconds(10))) {
            WrittenAlert alert = pipeline.write(sheet);
            assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
            assertThat(alert.grounded()).isTrue();
            assertThat(alert.attempts()).isEqualTo(3);
            assertThat(alert.fallback()).isEqualTo("two texts failed the grounding check");
            assertThat(alert.rejected()).extracting(Violation::fragment).containsExactly("9.9 mm/s", "9.9 mm/s");
            assertThat(GroundingCheck.check(alert.text(), sheet)).isEmpty();
        }
    }
}
