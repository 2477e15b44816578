package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * on the embedded SMTP server, readable over IMAP with the fresh password printed for that person, counted in the
 * summary, and linking to the alert in the demo's inbox (whose address is known before the notifications start).
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
            assertThat(info).contains("user engineer-a | engineer-b | admin, password: the user's, as for the inbox");
            int port = Integer.parseInt(imap.group(1));
            // one fresh password per person, printed with the inbox address, for the inbox and the mailbox alike
            Map<String, String> passwords = passwords(info);
            assertThat(passwords).containsOnlyKeys("engineer-a", "engineer-b", "admin");
            assertThat(passwords.values()).doesNotContain("demo").doesNotHaveDuplicates();
            assertThatThrownBy(() -> inbox(port, "engineer-a", "demo"))
                    .as("the old constant password")
                    .isInstanceOf(AuthenticationFailedException.class);
            // the demo's fleeting hold (5 s) comes first, then the mail
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> inbox(port, "engineer-a", passwords.get("engineer-a")) == 1);
            assertThat(inbox(port, "engineer-b", passwords.get("engineer-b")))
                    .as("another plant's engineer")
                    .isZero();
            assertThat(inbox(port, "admin", passwords.get("admin")))
                    .as("admin: critical only, or by escalation")
                    .isZero();
            String summary = alerting.summary();
            assertThat(summary).containsPattern("notification e-mails +1\\b");
            assertThat(summary).containsPattern("e-mails to engineer-a +1\\b");

            // the mail links to the alert in the inbox the demo printed, and the link opens it after the login
            String mail = firstText(port, "engineer-a", passwords.get("engineer-a"));
            String link = alerting.inboxUrl() + "alerts/f00d";
            assertThat(info).contains("alert inbox     " + alerting.inboxUrl());
            assertThat(mail).contains("Open in the inbox: " + link);
            InboxClient engineer = new InboxClient(alerting.inboxUrl());
            assertThat(engineer.page(link).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
            String back = engineer.login("engineer-a", passwords.get("engineer-a"));
            assertThat(back).startsWith("/alerts/f00d");
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> engineer.page(back)
                                    .headers()
                                    .firstValue("Location")
                                    .orElse(""),
                            l -> l.equals("/alert.html?plant=plant-a&fp=f00d"));
        }
    }

    /** The printed users and passwords: {@code user NAME password PASSWORD (ROLE)}. */
    static Map<String, String> passwords(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("user (\\S+) +password (\\S+)").matcher(info);
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    /** Messages in the user's INBOX, read over IMAP as a person's mail client would. */
    static int inbox(int port, String user, String password) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", port, user, password);
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

    /** The plain text of the first message in the user's INBOX. */
    static String firstText(int port, String user, String password) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return text(inbox.getMessage(1));
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) return (String) part.getContent();
        if (part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i));
                if (t != null) return t;
            }
        }
        return null;
    }
}
