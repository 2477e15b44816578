package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pdm demo} in miniature: every plant's data must end up in Kafka and in that plant's
 * database, each plant's inference must score it, and the summary must account for every published message.
 */
class DemoRuntimeIT {
    @Test
    void everyPlantsDataReachesItsDatabaseAndTheSummaryAddsUp() throws Exception {
        DemoSettings settings = new DemoSettings(
                new Infrastructure.Settings(0, 0, 0, 0, 4, null),
                List.of("plant-x", "plant-y", "plant-z"),
                2,
                60,
                DemoCommand.Clock.replay, // an hour of simulated history in a few seconds
                7,
                0.01,
                DemoCommand.Source.simulator,
                null,
                null,
                Duration.ofSeconds(10),
                -1,
                Duration.ofSeconds(15),
                DemoInference.Options.conditionOnly());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoRuntime demo = DemoRuntime.start(settings, new PrintStream(log, true, StandardCharsets.UTF_8));
        StageCounts running;
        String summary;
        try {
            // Each of the three plants (one Flink job each) stores readings while the demo runs.
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> demo.rowsPerPlant().values().stream().allMatch(rows -> rows > 0)
                            && demo.counts().features() > 0
                            && demo.counts().inference().predictions() > 0);
            running = demo.counts();
            // one inbox for every plant, printed with its URL and the demo users: an engineer per plant, named after it
            // as in the notifications, and the admin
            String info = demo.connectionInfo();
            assertThat(info)
                    .contains("alert inbox", "user engineer-x", "user engineer-y", "user engineer-z", "user admin");
            String url = info.lines()
                    .filter(l -> l.contains("alert inbox"))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll(".*(http://\\S+).*", "$1");
            var login = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "login"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("name=\"username\"");
        } finally {
            summary = demo.closeAndSummarize();
        }
        StageCounts last = demo.finalCounts();
        assertThat(running.published()).isPositive();
        assertThat(last.forwarded() + last.rejected())
                .as("ingest handled every published message")
                .isEqualTo(last.published());
        assertThat(last.deadLetters()).isEqualTo(last.rejected());
        assertThat(last.readingRows())
                .as("five sensors per snapshot")
                .isEqualTo(5 * (last.forwarded() - last.waveformRows() - last.logRows()));
        assertThat(last.features()).isPositive();
        assertThat(last.inference().predictions())
                .as("each plant's inference scores the feature vectors (condition watch without a base model)")
                .isPositive()
                .isLessThanOrEqualTo(last.features());
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("starting feature job for plant-z", "starting alerting for plant-z");
        assertThat(summary).as("the alerting topologies' events per type").contains("maintenance events");
        assertThat(summary).as("the e-mails of the demo users").contains("notification e-mails", "e-mails to admin");
    }
}
