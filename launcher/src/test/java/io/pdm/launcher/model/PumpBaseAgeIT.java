package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.devices.lives.PumpLives;
import io.pdm.inference.service.InferenceLoop;
import io.pdm.inference.service.MaintenanceContext;
import io.pdm.inference.service.PlantSteps;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.model.life.LifeProtocol;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pump base pretrained with the age channel (the recipe of {@code pdm alerts eval --pump-base-age}, on a smaller
 * simulated fleet so it trains in seconds) records it in its protocol, and the inference service's own steps feed it
 * the age from each feature vector's {@code secondsSinceMaintenance}: two pumps with the same readings but different
 * times since their last repair get different estimates, where the base without the channel gives the same one.
 */
class PumpBaseAgeIT {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path cache;

    @Test
    void theAgeBaseReadsTheTimeSinceMaintenanceFromTheFeatureVectors() throws Exception {
        AssetType type = AssetTypes.builtIn("pump-set");
        PumpLives small = PumpLives.demo(type).withSeeds(List.of(1L)).withSimulated(Duration.ofHours(4));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Path withAge = PumpBaseModel.ensure(cache, quiet, small, null, true);
        Path without = PumpBaseModel.ensure(cache, quiet, small, null, false);

        assertThat(withAge).as("cached apart").isNotEqualTo(without);
        LifeProtocol protocol = LifeProtocol.read(withAge);
        assertThat(protocol.ageChannel()).isTrue();
        assertThat(protocol.inputNames()).last().isEqualTo("age");
        assertThat(protocol.channels()).isEqualTo(type.modelChannels());
        assertThat(LifeProtocol.read(without).ageChannel()).isFalse();

        // one pump's real readings, replayed for a pump repaired 5 minutes before and one repaired 2 hours before
        Life life =
                small.lives().stream().filter(l -> l.steps() >= 20).findFirst().orElseThrow();
        double[] young = estimates(withAge, type, life, 5 * 60);
        double[] old = estimates(withAge, type, life, 2 * 3600);
        double[] youngWithout = estimates(without, type, life, 5 * 60);
        double[] oldWithout = estimates(without, type, life, 2 * 3600);

        assertThat(java.util.Arrays.stream(young).allMatch(Double::isFinite))
                .as("every step scored")
                .isTrue();
        assertThat(old).isNotEqualTo(young);
        assertThat(Math.abs(old[old.length - 1] - young[young.length - 1])).isGreaterThan(1e-4);
        assertThat(oldWithout).as("without the channel the age changes nothing").isEqualTo(youngWithout);
    }

    /** The predicted remaining life at each of the first 20 steps of {@code life}, replayed as one asset. */
    private static double[] estimates(Path base, AssetType type, Life life, double secondsAtFirstStep)
            throws Exception {
        try (AlertTextPipeline texts = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            PlantSteps steps = PlantSteps.open(
                    "plant-a",
                    AssetTypeMapping.all(type.id()),
                    List.of(type),
                    Map.of(type.id(), base),
                    MaintenanceContext.NONE,
                    texts::write,
                    Clock.fixed(T0, ZoneOffset.UTC));
            double[] out = new double[20];
            for (int i = 0; i < out.length; i++) {
                Map<String, Double> features = new HashMap<>();
                for (int c = 0; c < life.channels().size(); c++) {
                    features.put(life.channels().get(c), life.value(i, c));
                }
                FeatureVector v = FeatureVector.newBuilder()
                        .setPlant("plant-a")
                        .setAsset("pump-01")
                        .setWindowStart(T0.plusSeconds(60L * i))
                        .setWindowEnd(T0.plusSeconds(60L * (i + 1)))
                        .setReadingCount(60)
                        .setFeatures(features)
                        .setSecondsSinceMaintenance(secondsAtFirstStep + 60.0 * i)
                        .setLastMaintenanceAction("REPLACEMENT")
                        .build();
                InferenceLoop.Outcome o = steps.onFeatures(v, false);
                PredictionRecord p = o.predictions().get(0);
                out[i] = p.getRemainingLife() == null
                        ? Double.NaN
                        : p.getRemainingLife().getPredicted();
            }
            return out;
        }
    }
}
