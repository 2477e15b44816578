package io.pdm.inference.service;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A made-up gearbox read as one-minute feature windows, and a small real base model for it pretrained on synthetic
 * run-to-failure lives: vibration RMS and oil temperature rise with wear (t / L)², load says nothing. Lives last
 * 60-140 steps; the remaining life is in cycles (one per window).
 */
final class TestBaseModels {
    static final List<String> CHANNELS = List.of("vib.rms", "oil.mean", "load.mean");
    static final String TYPE_JSON = """
            {"id": "test-gearbox", "name": "Test gearbox", "step": {"cadence": "FEATURE_WINDOW", "seconds": 60},
             "window": 10, "lifeUnit": "CYCLES",
             "channels": [{"name": "vib.rms", "unit": "mm/s", "source": "WINDOW_FEATURE"},
                          {"name": "oil.mean", "unit": "°C", "source": "WINDOW_FEATURE"},
                          {"name": "load.mean", "unit": "%", "source": "WINDOW_FEATURE"}],
             "components": [{"id": "bearing", "name": "input shaft bearing"}],
             "failureModes": [{"id": "bearing-wear", "name": "bearing wear", "components": ["bearing"],
                               "channels": ["vib.rms"], "vocabulary": ["bearing", "noise"]}],
             "thresholds": {"remainingLife": {"warning": 20, "alarm": 8},
                            "healthStage": {"healthyAbove": 40, "degradingAbove": 15}},
             "limits": [{"channel": "vib.rms", "unit": "mm/s", "standard": "ISO 20816-3", "machineClass": "group 2",
                         "zones": [{"zone": "A", "upTo": 2.3}, {"zone": "B", "upTo": 4.5}, {"zone": "C", "upTo": 7.1},
                                   {"zone": "D"}]}]}
            """;

    private TestBaseModels() {}

    static Path typeFile(Path dir) throws IOException {
        Path file = dir.resolve("test-gearbox.json");
        Files.writeString(file, TYPE_JSON);
        return file;
    }

    static AssetType type() throws IOException {
        return AssetTypes.parse(TYPE_JSON, "test-gearbox", false);
    }

    /** One step of a life of length {@code length} at step {@code t} (1-based). */
    static double[] step(int t, int length, SplittableRandom random) {
        double wear = Math.pow((double) t / length, 2);
        return new double[] {
            1 + 4 * wear + 0.1 * random.nextGaussian(),
            40 + 15 * wear + 0.3 * random.nextGaussian(),
            50 + 10 * random.nextGaussian()
        };
    }

    static List<Life> lives(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Life> lives = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            int length = 60 + random.nextInt(81);
            double[][] values = new double[length][];
            double[] ages = new double[length];
            for (int t = 0; t < length; t++) {
                values[t] = step(t + 1, length, random);
                ages[t] = t + 1;
            }
            lives.add(new Life("life-" + l, "gb-" + l, "test-gearbox", CHANNELS, values, ages, LifeEnd.FAILED, 0.0));
        }
        return lives;
    }

    /** Pretrains the base into {@code dir} (about ten seconds on two cores). */
    static Path pretrain(Path dir) throws IOException {
        LifePretraining.Settings settings = LifePretraining.Settings.of(
                type(),
                lives(40, 1),
                new CmapssModels.Size(32, 1, 5, 0.0),
                TrainingOptions.defaults().withEpochs(8).withBatchSize(64).withLearningRate(3e-3f));
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(settings, manager, TrainingMonitor.SILENT)) {
            outcome.save(dir);
        }
        return dir;
    }

    /** A LoRA adapter of the base (freshly initialised, so it scores like the base) in the PEFT layout. */
    static Path adapter(Path base, Path dir, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            PdmTransformer model = ModelCheckpoint.load(base, manager);
            model.attachLora(LoraConfig.of(4, 8, 0.0, base.toString()), seed)
                    .toPeft()
                    .save(dir);
        }
        RemainingLifeModel.writeOrigin(dir, ModelCheckpoint.baseHash(base));
        return dir;
    }

    /** {@code k} distinct adapters of the base, seeds 42.., in {@code dir}/member-i. */
    static List<Path> distinctAdapters(Path base, Path dir, int k) throws IOException {
        List<Path> members = new ArrayList<>();
        for (int i = 0; i < k; i++) members.add(distinctAdapter(base, dir.resolve("member-" + i), 42 + i));
        return members;
    }

    /**
     * An adapter whose LoRA B factors are random, as a trained one's are, so that it scores differently from the base
     * and from adapters of other seeds (a fresh adapter's B is zero: it changes nothing).
     */
    static Path distinctAdapter(Path base, Path dir, long seed) throws IOException {
        PeftAdapter fresh;
        try (NDManager manager = NDManager.newBaseManager()) {
            PdmTransformer model = ModelCheckpoint.load(base, manager);
            fresh = model.attachLora(LoraConfig.of(4, 8, 0.0, base.toString()), seed)
                    .toPeft();
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, HostTensor> weights = new TreeMap<>();
        fresh.weights().asMap().forEach((name, t) -> {
            if (!name.endsWith(".lora_B.weight")) {
                weights.put(name, t);
                return;
            }
            float[] values = new float[t.numel()];
            for (int i = 0; i < values.length; i++) values[i] = (float) (0.2 * random.nextGaussian());
            weights.put(name, HostTensor.of(values, t.shape()));
        });
        new PeftAdapter(fresh.config(), TensorDict.of(weights)).save(dir);
        RemainingLifeModel.writeOrigin(dir, ModelCheckpoint.baseHash(base));
        return dir;
    }
}
