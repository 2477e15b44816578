package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.schemas.MqttTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pdm replay cmapss} logs in as a device does, with ingest's setting names ({@code --mqtt-username},
 * {@code --mqtt-password-file}; {@code PDM_MQTT_USERNAME}, …), against the embedded HiveMQ broker with its credential
 * check on: the right password gets the engines onto the broker, a wrong one stops the replay with exit code 2 and a
 * message naming the broker's refusal and the user, never the password.
 */
class ReplayLoginIT {
    static final String PLANT = "plant-replay";
    static final Path CMAPSS = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");

    @TempDir
    Path dir;

    @Test
    void aDeviceWithItsPasswordPublishesAndAWrongOneIsRefused() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder()
                .user("device", "device-pw")
                .user("reader", "reader-pw")
                .build()
                .start()) {
            Set<String> assets = ConcurrentHashMap.newKeySet();
            AtomicLong messages = new AtomicLong();
            MqttClient reader = new MqttClient(broker.url(), "reader", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("reader");
            o.setPassword("reader-pw".getBytes(StandardCharsets.UTF_8));
            reader.connect(o);
            reader.subscribe(
                    new MqttSubscription[] {new MqttSubscription(MqttTopics.filter(PLANT, MqttTopics.Kind.TELEMETRY), 1)
                    },
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, m) -> {
                            MqttTopics.parse(topic).ifPresent(a -> assets.add(a.asset()));
                            messages.incrementAndGet();
                        }
                    });

            Path good = Files.writeString(dir.resolve("device.password"), "device-pw\n");
            Run ok = replay(broker, good);
            assertThat(ok.exit()).as(ok.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.get() > 100);
            assertThat(assets).hasSize(1);

            long before = messages.get();
            Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-it");
            Run refused = replay(broker, wrong);
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err())
                    .contains("pdm replay: cannot connect to MQTT broker " + broker.url())
                    .contains("user 'device'")
                    .doesNotContain("not-it");
            assertThat(messages.get()).isEqualTo(before);
            reader.disconnect();
            reader.close();
        }
    }

    private record Run(int exit, String err) {}

    private Run replay(EmbeddedMqttBroker broker, Path passwordFile) {
        StringWriter err = new StringWriter();
        CommandLine pdm = Pdm.commandLine();
        pdm.setErr(new PrintWriter(err, true));
        int exit = pdm.execute(
                "replay",
                "cmapss",
                "--dir",
                CMAPSS.toString(),
                "--subset",
                "FD001",
                "--plant",
                PLANT,
                "--engines",
                "1",
                "--speed",
                "0",
                "--mqtt",
                broker.url(),
                "--mqtt-username",
                "device",
                "--mqtt-password-file",
                passwordFile.toString());
        return new Run(exit, err.toString());
    }
}
