package io.pdm.devices.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.devices.sim.MqttPublisher;
import io.pdm.schemas.Ids;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.mqtt.PayloadJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real C-MAPSS files from {@code -Dpdm.shared.data} (set by surefire); nothing is copied into the repo. */
class CmapssReplayTest {
    static final Path DIR = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");

    record Sent(String topic, JsonNode json) {}

    static final class Collecting implements MqttPublisher {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void publish(String topic, byte[] payload) {
            try {
                sent.add(new Sent(topic, PayloadJson.mapper().readTree(payload)));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void readsFd001() throws Exception {
        List<CmapssReader.Engine> train = CmapssReader.read(DIR, "FD001", CmapssReader.Split.TRAIN);
        assertThat(train).hasSize(100);
        assertThat(train.stream().mapToInt(e -> e.cycles().size()).sum()).isEqualTo(20_631);
        assertThat(train.get(0).id()).isEqualTo(1);
        assertThat(train.get(0).lastCycle()).isEqualTo(192);
        CmapssReader.Cycle first = train.get(0).cycles().get(0);
        // "1 1 -0.0007 -0.0004 100.0 518.67 641.82 … 23.4190"
        assertThat(first.settings()).containsExactly(-0.0007, -0.0004, 100.0);
        assertThat(first.sensors()[0]).isEqualTo(518.67);
        assertThat(first.sensors()[20]).isEqualTo(23.4190);
        List<CmapssReader.Engine> test = CmapssReader.read(DIR, "fd001", CmapssReader.Split.TEST);
        assertThat(test).hasSize(100);
        assertThat(test.stream().mapToInt(e -> e.cycles().size()).sum()).isEqualTo(13_096);
    }

    @Test
    void rejectsBadSubsetsAndMalformedRows(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> CmapssReader.file(DIR, "FD005", CmapssReader.Split.TRAIN))
                .isInstanceOf(IllegalArgumentException.class);
        Path bad = tmp.resolve("train_FD001.txt");
        Files.writeString(bad, "1 1 0.1 0.2 \n");
        assertThatThrownBy(() -> CmapssReader.read(bad)).hasMessageContaining("train_FD001.txt:1");
    }

    @Test
    void replaysEnginesConcurrentlyWithOneSnapshotPerRowAndOneFailureLogPerEngine() throws Exception {
        Instant start = Instant.parse("2025-06-01T00:00:00Z");
        ReplayOptions opts = ReplayOptions.of(DIR, "FD001", "plant-t")
                .withEngines(3)
                .withCyclesPerSecond(0)
                .withStart(start)
                .withCycleDuration(Duration.ofMinutes(1));
        Collecting out = new Collecting();
        CmapssReplay.Result r = CmapssReplay.run(opts, out);

        List<CmapssReader.Engine> engines =
                CmapssReader.read(DIR, "FD001", CmapssReader.Split.TRAIN).subList(0, 3);
        int rows = engines.stream().mapToInt(e -> e.cycles().size()).sum();
        assertThat(r.engines()).isEqualTo(3);
        assertThat(r.snapshots()).isEqualTo(rows);
        assertThat(r.maintenanceLogs()).isEqualTo(3);
        assertThat(out.sent).hasSize(rows + 3);
        assertThat(r.firstTs()).isEqualTo(start.plusSeconds(60));

        Instant previous = Instant.MIN;
        for (CmapssReader.Engine e : engines) {
            String asset = CmapssReplay.assetId(e.id());
            assertThat(Ids.isValid(asset)).isTrue();
            List<Sent> telemetry = out.sent.stream()
                    .filter(s -> s.topic().equals(MqttTopics.telemetry("plant-t", asset)))
                    .toList();
            assertThat(telemetry).hasSize(e.cycles().size());
            Iterator<Sent> it = telemetry.iterator();
            for (CmapssReader.Cycle c : e.cycles()) {
                JsonNode j = it.next().json();
                assertThat(Instant.parse(j.get("ts").asText())).isEqualTo(start.plus(Duration.ofMinutes(c.cycle())));
                JsonNode v = j.get("values");
                assertThat(v.size()).isEqualTo(24);
                assertThat(v.get("setting3").asDouble()).isEqualTo(c.settings()[2]);
                assertThat(v.get("s2").asDouble()).isEqualTo(c.sensors()[1]);
                assertThat(v.get("s21").asDouble()).isEqualTo(c.sensors()[20]);
            }
            List<Sent> logs = out.sent.stream()
                    .filter(s -> s.topic().equals(MqttTopics.maintenance("plant-t", asset)))
                    .toList();
            assertThat(logs).hasSize(1);
            JsonNode log = logs.get(0).json();
            assertThat(log.get("action").asText()).isEqualTo("REPLACEMENT");
            assertThat(log.get("component").asText()).isEqualTo("engine");
            assertThat(log.get("text").asText()).contains("failed at cycle " + e.lastCycle());
            // The log follows the engine's last snapshot.
            assertThat(out.sent.indexOf(logs.get(0)))
                    .isGreaterThan(out.sent.indexOf(telemetry.get(telemetry.size() - 1)));
        }
        // Interleaved: timestamps never go backwards across the fleet.
        for (Sent s : out.sent) {
            if (!s.topic().endsWith("/telemetry")) continue;
            Instant ts = Instant.parse(s.json().get("ts").asText());
            assertThat(ts).isAfterOrEqualTo(previous);
            previous = ts;
        }
    }

    @Test
    void pacesByCyclesPerSecondAndTestSplitHasNoFailureLogs() throws Exception {
        ReplayOptions opts = ReplayOptions.of(DIR, "FD001", "plant-t")
                .withSplit(CmapssReader.Split.TEST)
                .withEngines(2)
                .withCyclesPerSecond(1000);
        Collecting out = new Collecting();
        CmapssReplay.Result r = CmapssReplay.run(opts, out);
        assertThat(r.maintenanceLogs()).isZero();
        assertThat(r.wallTime()).isGreaterThanOrEqualTo(Duration.ofMillis(r.steps() - 5));
        // Default start: the replayed history ends about now, inside ingest's skew window.
        assertThat(r.lastTs()).isBetween(Instant.now().minus(Duration.ofHours(1)), Instant.now());
    }
}
