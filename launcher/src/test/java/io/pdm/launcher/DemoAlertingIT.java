package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The demo's alerting sends real e-mail: a candidate on a real broker becomes a mail in the plant engineer's mailbox
 * on the embedded SMTP server, readable over IMAP as the printed connection line says, and counted in the summary.
 */
class DemoAlertingIT {
    @Test
    void aRaisedAlertReachesThePlantEngineersMailboxOverRealSmtpAndImap() throws Exception {
        Path data = Files.createTempDirectory("pdm-demo-alerting-it-");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                DemoAlerting alerting = DemoAlerting.start(
                        List.of("plant-a", "plant-b"),
                        kafka.bootstrapServers(),
                        data,
                        java.util.Map.of(),
                        0,
                        new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(Files.readString(data.resolve("alerting/notifications.yaml")))
                    .contains("name: engineer-a", "name: engineer-b", "name: admin", "plant-a: [admin]");
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.alerts("plant-a"), "pump-1", AlertsTailIT.candidate()))
                        .get();
            }
            String info = alerting.connectionInfo();
            Matcher imap = Pattern.compile("imap://127\\.0\\.0\\.1:(\\d+)").matcher(info);
            assertThat(imap.find()).as(info).isTrue();
            assertThat(info).contains("user engineer-a | engineer-b | admin, password demo");
            int port = Integer.parseInt(imap.group(1));
            // the demo's fleeting hold (5 s) comes first, then the mail
            await().atMost(Duration.ofSeconds(60)).until(() -> inbox(port, "engineer-a") == 1);
            assertThat(inbox(port, "engineer-b")).as("another plant's engineer").isZero();
            assertThat(inbox(port, "admin"))
                    .as("admin: critical only, or by escalation")
                    .isZero();
            String summary = alerting.summary();
            assertThat(summary).containsPattern("notification e-mails +1\\b");
            assertThat(summary).containsPattern("e-mails to engineer-a +1\\b");
        }
    }

    /** Messages in the user's INBOX, read over IMAP as a person's mail client would. */
    static int inbox(int port, String user) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", port, user, "demo");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return inbox.getMessageCount();
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }
}
