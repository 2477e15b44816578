package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code pdm alerting} itself with its web inbox: the picocli command (as {@code pdm} parses and runs it, not the
 * inbox's own start method) with {@code --inbox-users} on the embedded KRaft broker. An engineer logs in through the
 * inbox's login page, finds the alert a candidate raised, and acknowledges it; the lifecycle applies the command and
 * the inbox shows the alert acknowledged by that engineer.
 */
class AlertingInboxIT {
    private static final Pattern INBOX = Pattern.compile("inbox on (http://[0-9.]+:\\d+)/");

    @TempDir
    Path dir;

    @Test
    void pdmAlertingServesItsInboxWhereAnEngineerLogsInListsAndAcknowledgesAnAlert() throws Exception {
        Path users = dir.resolve("inbox-users");
        Files.writeString(
                users,
                "# NAME BCRYPT-HASH ROLES\nengineer-a " + new BCryptPasswordEncoder(4).encode("s3cret-a")
                        + " engineer:plant-a\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        AtomicInteger exit = new AtomicInteger(-1);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            System.setOut(new PrintStream(new Tee(console, printed), true, StandardCharsets.UTF_8));
            Thread command = new Thread(
                    () -> exit.set(Pdm.commandLine()
                            .execute(
                                    "alerting",
                                    "--plant",
                                    "plant-a",
                                    "--kafka",
                                    kafka.bootstrapServers(),
                                    "--state-dir",
                                    dir.resolve("state").toString(),
                                    "--fleeting-hold",
                                    "0s",
                                    "--rest-port",
                                    "0",
                                    "--bind",
                                    "127.0.0.1",
                                    "--inbox-users",
                                    users.toString())),
                    "pdm-alerting-under-test");
            command.start();
            try {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> !command.isAlive()
                                || INBOX.matcher(printed.toString(StandardCharsets.UTF_8))
                                        .find());
                Matcher m = INBOX.matcher(printed.toString(StandardCharsets.UTF_8));
                assertThat(m.find())
                        .as("the command printed its inbox (exit %s): %s", exit.get(), printed)
                        .isTrue();
                InboxClient engineer = new InboxClient(m.group(1));
                assertThat(engineer.page("/login").body()).contains("/inbox.css");
                assertThat(engineer.login("engineer-a", "wrong")).isEqualTo("/login?error");
                assertThat(engineer.login("engineer-a", "s3cret-a")).isEqualTo("/");
                // the service's probes are on the same port, open to anyone
                assertThat(new InboxClient(m.group(1))
                                .json("/actuator/health/liveness")
                                .path("status")
                                .asText())
                        .isEqualTo("UP");

                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                try (KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(Topics.alerts("plant-a"), "pump-1", AlertsTailIT.candidate()))
                            .get();
                }
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> engineer.json("/api/alerts").path("total").asInt() == 1);
                JsonNode alert = engineer.json("/api/alerts").path("alerts").get(0);
                assertThat(alert.path("asset").asText()).isEqualTo("pump-1");
                assertThat(alert.path("facts").path("title").asText()).isEqualTo("pump-1: seal leak");
                String fp = alert.path("fingerprint").asText();

                HttpResponse<String> ack =
                        engineer.post("/api/alerts/plant-a/" + fp + "/acknowledge", "{\"comment\":\"on my way\"}");
                assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> engineer.json("/api/alerts/plant-a/" + fp)
                                .path("acknowledged")
                                .asBoolean());
                assertThat(engineer.json("/api/alerts/plant-a/" + fp)
                                .path("history")
                                .toString())
                        .contains("engineer-a");
            } finally {
                command.interrupt(); // the command waits for a signal; an interrupt ends the wait and closes it all
                command.join(Duration.ofSeconds(60).toMillis());
                System.setOut(console);
            }
            assertThat(command.isAlive()).as("the command stopped").isFalse();
        }
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream console, copy;

        Tee(OutputStream console, OutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            console.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            console.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            console.flush();
        }
    }
}
