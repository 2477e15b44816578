package io.pdm.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.mqtt.PayloadJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Twelve simulated days of a small fleet: both failure modes must show up in the data before their repairs. */
class DegradationTest {
    record Msg(Instant ts, SimMessage.Kind kind, JsonNode json) {}

    static final Map<String, List<Msg>> BY_ASSET = new HashMap<>();
    static List<AssetStatus> status;

    @BeforeAll
    static void run() throws IOException {
        FleetConfig cfg = FleetConfig.defaults()
                .withStart(Instant.parse("2025-01-01T00:00:00Z"))
                .withPlants(List.of("plant-a", "plant-b"))
                .withSnapshotInterval(Duration.ofMinutes(1))
                .withWaveformInterval(Duration.ofMinutes(10));
        FleetSimulator sim = new FleetSimulator(cfg, 2024);
        for (int day = 0; day < 12; day++) {
            for (SimMessage m : sim.advance(Duration.ofDays(1))) {
                JsonNode j = PayloadJson.mapper().readTree(m.payload());
                String asset = m.topic().substring(0, m.topic().lastIndexOf('/'));
                BY_ASSET.computeIfAbsent(asset, k -> new ArrayList<>())
                        .add(new Msg(Instant.parse(j.get("ts").asText()), m.kind(), j));
            }
        }
        status = sim.status();
    }

    /** Repair/replacement logs of one component, not counting jobs done "same time" as another. */
    static List<Msg> jobs(List<Msg> msgs, String component) {
        return msgs.stream()
                .filter(m -> m.kind() == SimMessage.Kind.MAINTENANCE)
                .filter(m -> m.json().get("component").asText().equals(component))
                .filter(m -> m.json().get("action").asText().matches("REPAIR|REPLACEMENT"))
                .toList();
    }

    @Test
    void bothFailureModesAreRepairedAndSometimesRunToFailure() {
        assertThat(status.stream().mapToInt(AssetStatus::bearingRepairs).sum()).isPositive();
        assertThat(status.stream().mapToInt(AssetStatus::sealRepairs).sum()).isPositive();
        assertThat(status.stream().mapToInt(AssetStatus::bearingFailures).sum()).isPositive();
        assertThat(status.stream().mapToInt(AssetStatus::sealFailures).sum()).isPositive();
        List<Msg> all = BY_ASSET.values().stream().flatMap(List::stream).toList();
        assertThat(jobs(all, "bearing")).isNotEmpty();
        assertThat(jobs(all, "mechanical seal")).isNotEmpty();
        assertThat(all)
                .anyMatch(m -> m.kind() == SimMessage.Kind.MAINTENANCE
                        && m.json().get("action").asText().equals("INSPECTION"));
        assertThat(all)
                .anyMatch(m -> m.kind() == SimMessage.Kind.MAINTENANCE
                        && m.json().get("text").asText().startsWith("breakdown"));
    }

    @Test
    void vibrationKurtosisIsHigherBeforeABearingJobThanAfterIt() {
        int events = 0, rose = 0;
        double sumBefore = 0, sumAfter = 0;
        for (List<Msg> msgs : BY_ASSET.values()) {
            List<Msg> blocks = msgs.stream()
                    .filter(m -> m.kind() == SimMessage.Kind.WAVEFORM)
                    .toList();
            for (Msg job : jobs(msgs, "bearing")) {
                List<Msg> before =
                        blocks.stream().filter(b -> b.ts().isBefore(job.ts())).toList();
                List<Msg> after = blocks.stream()
                        .filter(b -> b.ts().isAfter(job.ts()))
                        .limit(3)
                        .toList();
                if (before.size() < 3 || after.size() < 3) continue;
                double k0 = meanKurtosis(before.subList(before.size() - 3, before.size())), k1 = meanKurtosis(after);
                events++;
                if (k0 > k1) rose++;
                sumBefore += k0;
                sumAfter += k1;
            }
        }
        assertThat(events).isGreaterThan(10);
        assertThat(rose).isGreaterThanOrEqualTo((int) (0.8 * events));
        assertThat(sumBefore / events).isGreaterThan(2 * sumAfter / events);
    }

    @Test
    void dischargePressureIsLowerBeforeASealJobThanAfterIt() {
        int events = 0, fell = 0;
        for (List<Msg> msgs : BY_ASSET.values()) {
            // Pressure ∝ speed² (affinity law), so compare pressure / speed² to cancel the operating regime.
            List<Msg> running = msgs.stream()
                    .filter(m -> m.kind() == SimMessage.Kind.SNAPSHOT)
                    .filter(m -> m.json().get("values").get("speed_rpm").asDouble() > 0)
                    .toList();
            for (Msg job : jobs(msgs, "mechanical seal")) {
                List<Msg> before =
                        running.stream().filter(s -> s.ts().isBefore(job.ts())).toList();
                List<Msg> after = running.stream()
                        .filter(s -> s.ts().isAfter(job.ts()))
                        .limit(60)
                        .toList();
                if (before.size() < 60 || after.size() < 60) continue;
                events++;
                if (meanHeadCoefficient(before.subList(before.size() - 60, before.size())) < meanHeadCoefficient(after))
                    fell++;
            }
        }
        assertThat(events).isGreaterThan(10);
        assertThat(fell).isGreaterThanOrEqualTo((int) (0.9 * events));
    }

    static double meanKurtosis(List<Msg> blocks) {
        double sum = 0;
        for (Msg b : blocks) {
            JsonNode s = b.json().get("samples");
            float[] x = new float[s.size()];
            for (int i = 0; i < x.length; i++) x[i] = (float) s.get(i).asDouble();
            sum += VibrationModel.kurtosis(x);
        }
        return sum / blocks.size();
    }

    static double meanHeadCoefficient(List<Msg> snapshots) {
        double sum = 0;
        for (Msg s : snapshots) {
            JsonNode v = s.json().get("values");
            double rpm = v.get("speed_rpm").asDouble();
            sum += v.get("pressure_bar").asDouble() / (rpm * rpm);
        }
        return sum / snapshots.size();
    }
}
