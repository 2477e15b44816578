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
 * Lives of a made-up compressor that runs at three speeds, switching every few cycles: vibration and temperature jump
 * with the speed by far more than wear moves them (as C-MAPSS sensors jump between the six flight conditions), so
 * wear shows only within a speed.
 */
final class RegimeLives {
    static final List<String> CHANNELS = List.of("vib", "temp", "load", "speed");
    private static final double[] SPEEDS = {1000, 1500, 3000};

    static final String TYPE = """
            {"id": "compressor", "name": "Test compressor", "step": {"cadence": "CYCLE"}, "window": 10,
             "lifeUnit": "CYCLES",
             "channels": [{"name": "vib", "unit": "mm/s", "source": "SNAPSHOT_SENSOR"},
                          {"name": "temp", "unit": "°C", "source": "SNAPSHOT_SENSOR"},
                          {"name": "load", "unit": "%", "source": "SNAPSHOT_SENSOR"},
                          {"name": "speed", "unit": "rpm", "source": "SNAPSHOT_SENSOR", "model": false}],
             "thresholds": {"remainingLife": {"warning": 20, "alarm": 8},
                            "healthStage": {"healthyAbove": 40, "degradingAbove": 15}},
             "regimes": {"channels": ["speed"], "method": "K_MEANS", "tolerance": 50}}
            """;

    private RegimeLives() {}

    static AssetType type() throws IOException {
        return AssetTypes.parse(TYPE, "compressor", false);
    }

    static List<Life> lives(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Life> lives = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            int length = 60 + random.nextInt(81);
            double[][] values = new double[length][];
            double[] ages = new double[length];
            int speed = random.nextInt(3);
            for (int t = 0; t < length; t++) {
                if (random.nextInt(4) == 0) speed = random.nextInt(3);
                double wear = Math.pow((t + 1.0) / length, 2);
                double rpm = SPEEDS[speed] + random.nextGaussian();
                values[t] = new double[] {
                    2 + 6 * speed + 1.5 * wear + 0.1 * random.nextGaussian(),
                    40 + 25 * speed + 6 * wear + 0.3 * random.nextGaussian(),
                    50 + 10 * random.nextGaussian(),
                    rpm
                };
                ages[t] = t + 1;
            }
            lives.add(new Life(
                    "life-" + seed + "-" + l, "cp-" + l, "compressor", CHANNELS, values, ages, LifeEnd.FAILED, 0.0));
        }
        return lives;
    }
}
