package io.pdm.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.schemas.MqttTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

class SimulatorPublisherIT {
    static final FleetConfig SMALL = FleetConfig.defaults()
            .withStart(Instant.parse("2025-03-01T00:00:00Z"))
            .withPlants(List.of("plant-a"))
            .withAssetsPerPlant(2);

    record Sent(String topic, byte[] payload) {}

    static final class Collecting implements MqttPublisher {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String topic, byte[] payload) {
            sent.add(new Sent(topic, payload));
        }
    }

    @Test
    void pacesSimulatedTimeAtWallClockTimesSpeedAndStopsCleanly() throws Exception {
        Collecting out = new Collecting();
        long t0 = System.nanoTime();
        try (SimulatorPublisher pub =
                new SimulatorPublisher(new FleetSimulator(SMALL, 3), out, 300, Duration.ofMinutes(1)).start()) {
            assertThat(pub.awaitTermination(Duration.ofSeconds(10))).isTrue();
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(wallMs).isBetween(150L, 3_000L); // 60 s simulated at ×300 = 200 ms
            SimulatorPublisher.Counts c = pub.counts();
            assertThat(c.snapshots()).isEqualTo(2 * 60);
            assertThat(c.waveforms()).isEqualTo(2 * 6);
            assertThat(c.total()).isEqualTo(out.sent.size());
            assertThat(pub.simulatedTime()).isEqualTo(SMALL.start().plus(Duration.ofMinutes(1)));
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("pdm-sim-publisher"));
        // Same seed, unpaced: the same bytes.
        List<SimMessage> expected = new FleetSimulator(SMALL, 3).advance(Duration.ofMinutes(1));
        assertThat(out.sent.stream().map(s -> new String(s.payload())).toList())
                .isEqualTo(expected.stream().map(SimMessage::payloadText).toList());
    }

    @Test
    void closeStopsAnEndlessRun() throws Exception {
        Collecting out = new Collecting();
        SimulatorPublisher pub = new SimulatorPublisher(new FleetSimulator(SMALL, 3), out, 60, null).start();
        Thread.sleep(300);
        pub.close();
        assertThat(pub.awaitTermination(Duration.ofSeconds(1))).isTrue();
        assertThat(pub.counts().snapshots()).isBetween(2L * 10, 2L * 30);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("pdm-sim-publisher"));
    }

    @Test
    void publishesOverMqtt5ToARealBroker() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().build().start()) {
            AtomicInteger received = new AtomicInteger();
            MqttClient sub = new MqttClient(broker.url(), "test-sub", new MemoryPersistence());
            sub.connect(new MqttConnectionOptions());
            // The (String, int, listener) overload of Paho 1.2.5 recurses forever; use the array form.
            IMqttMessageListener listener = (topic, msg) -> {
                if (MqttTopics.parse(topic).isPresent()) received.incrementAndGet();
            };
            sub.subscribe(
                            new MqttSubscription[] {new MqttSubscription("pdm/v1/#", 1)},
                            new IMqttMessageListener[] {listener})
                    .waitForCompletion(5_000);
            FleetSimulator sim = new FleetSimulator(SMALL.withMalformedFraction(0.05), 11);
            SimulatorPublisher.Counts counts;
            try (SimulatorPublisher pub = SimulatorPublisher.connect(broker.url(), sim, 0, Duration.ofMinutes(10))
                    .start()) {
                assertThat(pub.awaitTermination(Duration.ofSeconds(30))).isTrue();
                counts = pub.counts();
            }
            assertThat(counts.snapshots()).isEqualTo(2 * 600);
            assertThat(counts.failed()).isZero();
            long deadline = System.currentTimeMillis() + 10_000;
            while (received.get() < counts.total() && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(received.get()).isEqualTo((int) counts.total());
            sub.disconnect();
            sub.close();
            // Paho names its threads after the client id; none of the simulator's may survive close().
            Thread.sleep(200);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().contains("pdm-sim-") && t.isAlive());
        }
    }
}
