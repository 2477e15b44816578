package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pdm.schemas.MqttTopics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Compose host's Mosquitto as it runs there: the real {@code mosquitto} binary with deploy/mosquitto/mosquitto.conf
 * (only its port, paths and process user changed for a test), the ACL file deploy/mosquitto/acl, and the password
 * file made by the Compose one-shot deploy/docker/mosquitto-passwords.sh with the real {@code mosquitto_passwd}.
 * Devices publish under the platform's prefix and nothing else and read nothing, ingest receives through its shared
 * subscription and publishes nothing, and a wrong password or no login is refused. Skipped where Debian's {@code mosquitto} package is
 * not installed ({@code .ci/run} installs it).
 */
class MosquittoAclIT {
    static final String INGEST_PW = "ingest-pw-1", DEVICE_PW = "device-pw-2";
    static final String TOPIC = MqttTopics.telemetry("plant-a", "pump-1");

    @TempDir
    static Path dir;

    static Process broker;
    static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        Optional<Path> mosquitto = binary("mosquitto", "/usr/sbin/mosquitto");
        Optional<Path> passwd = binary("mosquitto_passwd", "/usr/bin/mosquitto_passwd");
        assumeTrue(
                mosquitto.isPresent() && passwd.isPresent(),
                "Debian's mosquitto package is not installed (apt-get install mosquitto; .ci/run does): the Compose"
                        + " broker's ACL is not checked here");
        Path auth = Files.createDirectories(dir.resolve("auth"));
        Path ingest = Files.createDirectories(dir.resolve("ingest"));
        Path data = Files.createDirectories(dir.resolve("data"));
        String owner = id("-u") + ":" + id("-g");
        ProcessBuilder script = new ProcessBuilder(
                        "/bin/sh",
                        Repo.root()
                                .resolve("deploy/docker/mosquitto-passwords.sh")
                                .toString())
                .redirectErrorStream(true);
        script.environment().put("PATH", passwd.get().getParent() + ":/usr/bin:/bin");
        script.environment()
                .putAll(Map.of(
                        "MQTT_INGEST_PASSWORD", INGEST_PW,
                        "MQTT_DEVICE_PASSWORD", DEVICE_PW,
                        "AUTH_DIR", auth.toString(),
                        "INGEST_DIR", ingest.toString(),
                        "BROKER_USER", owner,
                        "PDM_USER", owner));
        Process made = script.start();
        String out = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(made.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(made.exitValue()).as(out).isZero();
        assertThat(Files.readString(auth.resolve("passwd")))
                .as("hashed by the real mosquitto_passwd")
                .contains("device:$7$")
                .doesNotContain(DEVICE_PW);

        port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, testConfig(auth, data));
        broker = new ProcessBuilder(mosquitto.get().toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening(port)) {
            assertThat(broker.isAlive())
                    .as("mosquitto exited: " + Files.readString(dir.resolve("broker.log")))
                    .isTrue();
            assertThat(System.nanoTime()).as("mosquitto not listening").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * The Compose config, line by line: a free loopback port, the test's auth, data and ACL paths, and the current
     * user (Mosquitto started as root would otherwise switch to the user "mosquitto").
     */
    static List<String> testConfig(Path auth, Path data) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean acl = false;
        for (String line : Files.readAllLines(Repo.root().resolve("deploy/mosquitto/mosquitto.conf"))) {
            if (line.startsWith("listener ")) line = "listener " + port + " 127.0.0.1";
            else if (line.startsWith("persistence_location ")) line = "persistence_location " + data + "/";
            else if (line.startsWith("password_file ")) line = "password_file " + auth.resolve("passwd");
            else if (line.startsWith("acl_file ")) {
                line = "acl_file " + Repo.root().resolve("deploy/mosquitto/acl");
                acl = true;
            }
            lines.add(line);
        }
        assertThat(acl).as("mosquitto.conf names the ACL file").isTrue();
        lines.add("user " + System.getProperty("user.name"));
        return lines;
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDevicePublishesAndIngestReceivesThroughItsSharedSubscription() throws Exception {
        BlockingQueue<String> ingestGot = new LinkedBlockingQueue<>();
        MqttClient ingest = connect("ingest-0", "ingest", INGEST_PW, ingestGot);
        MqttClient device = connect("device-1", "device", DEVICE_PW, null);
        try {
            IMqttToken sub = ingest.subscribe(new MqttSubscription[] {
                new MqttSubscription(MqttTopics.shared(MqttTopics.filter(MqttTopics.Kind.TELEMETRY)), 1)
            });
            assertThat(sub.getReasonCodes()).as("granted QoS 1").containsExactly(1);

            device.publish(TOPIC, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(ingestGot.poll(10, TimeUnit.SECONDS)).isEqualTo(TOPIC + " {\"v\":1}");
        } finally {
            close(ingest);
            close(device);
        }
    }

    /**
     * Mosquitto acknowledges any SUBSCRIBE and checks read access on each message it would deliver: a device's
     * subscription to the platform's topics stays empty while ingest receives the same message.
     */
    @Test
    void aDeviceReadsNothingAndCannotPublishOutsideThePrefix() throws Exception {
        BlockingQueue<String> deviceGot = new LinkedBlockingQueue<>(), ingestGot = new LinkedBlockingQueue<>();
        MqttClient reader = connect("device-2", "device", DEVICE_PW, deviceGot);
        MqttClient ingest = connect("ingest-2", "ingest", INGEST_PW, ingestGot);
        MqttClient writer = connect("device-6", "device", DEVICE_PW, null);
        try {
            reader.subscribe(new MqttSubscription[] {new MqttSubscription("pdm/v1/#", 1)});
            ingest.subscribe(new MqttSubscription[] {new MqttSubscription("pdm/v1/#", 1)});
            writer.publish(TOPIC, "{\"v\":2}".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(ingestGot.poll(10, TimeUnit.SECONDS)).isEqualTo(TOPIC + " {\"v\":2}");
            assertThat(deviceGot.poll(2, TimeUnit.SECONDS))
                    .as("another device's telemetry is not delivered to a device")
                    .isNull();
        } finally {
            close(reader);
            close(ingest);
            close(writer);
        }
        assertThat(publishReasonCode("device-3", "device", DEVICE_PW, "other/topic"))
                .as("PUBACK 0x87 not authorised outside pdm/v1/")
                .isEqualTo(0x87);
    }

    @Test
    void ingestCannotPublish() throws Exception {
        assertThat(publishReasonCode("ingest-1", "ingest", INGEST_PW, TOPIC))
                .as("PUBACK 0x87 not authorised")
                .isEqualTo(0x87);
        assertThat(publishReasonCode("device-4", "device", DEVICE_PW, TOPIC))
                .as("the device may: a success code (0x10: accepted, no matching subscribers)")
                .isLessThan(0x80);
    }

    @Test
    void aWrongPasswordAndAnAnonymousClientAreRefused() {
        // Mosquitto 2.0.11 answers a wrong password with CONNACK 0x87 "not authorised" (0x86 "bad user name or
        // password" in other versions); either way the client is not connected
        MqttException wrong =
                catchThrowableOfType(MqttException.class, () -> connect("device-5", "device", "nope", null));
        assertThat(wrong.getReasonCode()).as("CONNACK refused").isIn(0x86, 0x87);
        MqttException anonymous = catchThrowableOfType(MqttException.class, () -> connect("anon", null, null, null));
        assertThat(anonymous.getReasonCode()).as("CONNACK 0x87 not authorised").isIn(0x86, 0x87);
    }

    /** The reason code of the PUBACK a QoS 1 publish gets (MQTT 5 says why a publish was refused). */
    private static int publishReasonCode(String clientId, String user, String password, String topic)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        client.connect(o).waitForCompletion(10_000);
        try {
            IMqttToken token = client.publish(topic, "x".getBytes(StandardCharsets.UTF_8), 1, false);
            token.waitForCompletion(10_000);
            return token.getReasonCodes()[0];
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    /** A connected client; what it receives goes to {@code received} as "topic payload" (null: not listened to). */
    private static MqttClient connect(String clientId, String user, String password, BlockingQueue<String> received)
            throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        // one callback for every subscription: Paho's per-subscription listeners do not match $share/… filters
        if (received != null) client.setCallback(new Received(received));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            client.connect(o);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return client;
    }

    private record Received(BlockingQueue<String> into) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    private static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) client.disconnect();
        client.close();
    }

    private static Optional<Path> binary(String name, String debianPath) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Files.isExecutable(Path.of(debianPath)) ? Optional.of(Path.of(debianPath)) : Optional.empty();
    }

    private static String id(String flag) throws Exception {
        Process p = new ProcessBuilder("id", flag).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(5, TimeUnit.SECONDS);
        return v;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
