package io.pdm.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.Ids;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.mqtt.PayloadJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
    static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    static final Set<String> ACTIONS =
            Set.of("INSPECTION", "REPAIR", "REPLACEMENT", "LUBRICATION", "ADJUSTMENT", "CLEANING", "OTHER");

    static FleetConfig defaults() {
        return FleetConfig.defaults().withStart(START);
    }

    @Test
    void sameSeedGivesIdenticalMessagesAndDifferentSeedsDiffer() {
        List<SimMessage> a = new FleetSimulator(defaults(), 42).advance(Duration.ofMinutes(10));
        List<SimMessage> b = new FleetSimulator(defaults(), 42).advance(Duration.ofMinutes(10));
        List<SimMessage> c = new FleetSimulator(defaults(), 43).advance(Duration.ofMinutes(10));
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).topic()).isEqualTo(a.get(i).topic());
            assertThat(b.get(i).kind()).isEqualTo(a.get(i).kind());
            assertThat(b.get(i).payload()).isEqualTo(a.get(i).payload());
        }
        assertThat(c.stream().map(SimMessage::payloadText).toList())
                .isNotEqualTo(a.stream().map(SimMessage::payloadText).toList());
    }

    @Test
    void defaultFleetPublishesValidPayloadsOnValidTopicsAtTheConfiguredRates() throws IOException {
        FleetSimulator sim = new FleetSimulator(defaults(), 1);
        List<SimMessage> msgs = sim.advance(Duration.ofMinutes(10));
        assertThat(sim.now()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        // 3 plants × 4 pumps, a snapshot per second and a block per 10 s while running.
        assertThat(msgs.stream()
                        .filter(m -> m.kind() == SimMessage.Kind.SNAPSHOT)
                        .count())
                .isEqualTo(12 * 600);
        assertThat(msgs.stream()
                        .filter(m -> m.kind() == SimMessage.Kind.WAVEFORM)
                        .count())
                .isBetween(12L * 50, 12L * 60);
        assertThat(msgs).noneMatch(m -> m.kind() == SimMessage.Kind.MALFORMED);
        for (SimMessage m : msgs) {
            MqttTopics.Address addr = MqttTopics.parse(m.topic()).orElseThrow();
            assertThat(Ids.isValid(addr.plant()) && Ids.isValid(addr.asset()))
                    .as(m.topic())
                    .isTrue();
            assertThat(addr.plant()).isIn("plant-a", "plant-b", "plant-c");
            JsonNode j = PayloadJson.mapper().readTree(m.payload());
            Instant ts = Instant.parse(j.get("ts").asText());
            assertThat(ts).isBetween(START, sim.now());
            switch (m.kind()) {
                case SNAPSHOT -> {
                    assertThat(addr.kind()).isEqualTo(MqttTopics.Kind.TELEMETRY);
                    assertThat(j.get("values").size()).isEqualTo(5);
                    j.get("values").fields().forEachRemaining(e -> {
                        assertThat(e.getKey()).matches("[A-Za-z0-9_.-]{1,64}");
                        assertThat(e.getValue().isNumber()).isTrue();
                        assertThat(Double.isFinite(e.getValue().asDouble())).isTrue();
                    });
                }
                case WAVEFORM -> {
                    assertThat(addr.kind()).isEqualTo(MqttTopics.Kind.TELEMETRY);
                    assertThat(j.get("sensor").asText()).isEqualTo("vibration");
                    assertThat(j.get("rateHz").asDouble()).isEqualTo(5120.0);
                    assertThat(j.get("samples").size()).isEqualTo(1024);
                }
                case MAINTENANCE -> {
                    assertThat(addr.kind()).isEqualTo(MqttTopics.Kind.MAINTENANCE);
                    assertThat(j.get("id").asText()).isNotBlank();
                    assertThat(j.get("action").asText()).isIn(ACTIONS);
                    assertThat(j.get("text").asText()).isNotBlank();
                }
                default -> throw new AssertionError(m.kind());
            }
        }
    }

    @Test
    void malformedInjectionAddsBrokenMessagesWithoutChangingTheValidStream() throws IOException {
        FleetConfig cfg = defaults().withPlants(List.of("plant-a")).withAssetsPerPlant(2);
        List<SimMessage> clean = new FleetSimulator(cfg, 5).advance(Duration.ofMinutes(30));
        List<SimMessage> dirty = new FleetSimulator(cfg.withMalformedFraction(0.1), 5).advance(Duration.ofMinutes(30));
        List<SimMessage> bad = dirty.stream()
                .filter(m -> m.kind() == SimMessage.Kind.MALFORMED)
                .toList();
        assertThat(bad.size()).isBetween(250, 470); // ~10 % of 3,600 snapshots
        assertThat(dirty.stream()
                        .filter(m -> m.kind() != SimMessage.Kind.MALFORMED)
                        .map(SimMessage::payloadText)
                        .toList())
                .isEqualTo(clean.stream().map(SimMessage::payloadText).toList());
        int badJson = 0, nanString = 0, badId = 0, stale = 0;
        for (SimMessage m : bad) {
            String asset = MqttTopics.parse(m.topic()).orElseThrow().asset();
            if (!Ids.isValid(asset)) {
                badId++;
                continue;
            }
            JsonNode j;
            try {
                j = PayloadJson.mapper().readTree(m.payload());
            } catch (IOException e) {
                badJson++;
                continue;
            }
            if (Instant.parse(j.get("ts").asText()).isBefore(START.minus(Duration.ofDays(7)))) stale++;
            else {
                boolean hasString = false;
                for (JsonNode v : j.get("values"))
                    hasString |= v.isTextual() && v.asText().equals("NaN");
                assertThat(hasString).as(m.payloadText()).isTrue();
                nanString++;
            }
        }
        assertThat(List.of(badJson, nanString, badId, stale)).allMatch(n -> n > 20);
    }

    @Test
    void aRepairResetsWearAndWritesAMaintenanceLog() throws IOException {
        FleetConfig cfg = defaults()
                .withPlants(List.of("plant-x"))
                .withAssetsPerPlant(1)
                .withSnapshotInterval(Duration.ofMinutes(1));
        FleetSimulator sim = new FleetSimulator(cfg, 9);
        int jobs = 0;
        for (int i = 0; i < 60 * 24 * 10 && jobs < 3; i++) {
            AssetStatus before = sim.status().get(0);
            List<SimMessage> msgs = sim.step();
            AssetStatus after = sim.status().get(0);
            boolean bearing = after.bearingRepairs() + after.bearingFailures()
                    > before.bearingRepairs() + before.bearingFailures();
            boolean seal = after.sealRepairs() + after.sealFailures() > before.sealRepairs() + before.sealFailures();
            if (!bearing && !seal) continue;
            // Failures are counted when the pump stops; the log comes when it runs again.
            if (after.bearingFailures() > before.bearingFailures() || after.sealFailures() > before.sealFailures()) {
                assertThat(after.running()).isFalse();
                continue;
            }
            jobs++;
            if (bearing) assertThat(after.bearingWear()).isLessThan(0.06);
            if (seal) assertThat(after.sealWear()).isLessThan(0.06);
            SimMessage log = msgs.stream()
                    .filter(m -> m.kind() == SimMessage.Kind.MAINTENANCE)
                    .findFirst()
                    .orElseThrow();
            assertThat(log.topic()).isEqualTo(MqttTopics.maintenance("plant-x", "pump-01"));
            JsonNode j = PayloadJson.mapper().readTree(log.payload());
            assertThat(j.get("action").asText()).isIn("REPAIR", "REPLACEMENT");
            assertThat(j.get("component").asText()).isIn("bearing", "mechanical seal");
            assertThat(j.get("technician").asText()).isNotBlank();
        }
        assertThat(jobs).isEqualTo(3);
    }
}
