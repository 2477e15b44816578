package io.pdm.model.life;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Run-to-failure lives of a made-up gearbox: vibration and oil temperature rise with a wear index (t / L)², load is
 * noise that says nothing about wear. Lives last 60–140 cycles.
 */
final class SyntheticLives {
    static final List<String> CHANNELS = List.of("vib", "oil_temp", "load");

    static final String TYPE = """
            {"id": "gearbox", "name": "Test gearbox", "step": {"cadence": "CYCLE"}, "window": 10, "lifeUnit": "CYCLES",
             "channels": [{"name": "vib", "unit": "mm/s", "source": "SNAPSHOT_SENSOR"},
                          {"name": "oil_temp", "unit": "°C", "source": "SNAPSHOT_SENSOR"},
                          {"name": "load", "unit": "%", "source": "SNAPSHOT_SENSOR"}],
             "thresholds": {"remainingLife": {"warning": 20, "alarm": 8},
                            "healthStage": {"healthyAbove": 40, "degradingAbove": 15}}}
            """;

    private SyntheticLives() {}

    static AssetType type() throws IOException {
        return AssetTypes.parse(TYPE, "gearbox", false);
    }

    static List<Life> lives(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Life> lives = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            int length = 60 + random.nextInt(81);
            double[][] values = new double[length][];
            double[] ages = new double[length];
            for (int t = 0; t < length; t++) {
                double wear = Math.pow((t + 1.0) / length, 2);
                values[t] = new double[] {
                    1 + 4 * wear + 0.2 * random.nextGaussian(),
                    40 + 15 * wear + 0.5 * random.nextGaussian(),
                    50 + 10 * random.nextGaussian()
                };
                ages[t] = t + 1;
            }
            lives.add(new Life(
                    "life-" + seed + "-" + l, "gb-" + l, "gearbox", CHANNELS, values, ages, LifeEnd.FAILED, 0.0));
        }
        return lives;
    }
}
