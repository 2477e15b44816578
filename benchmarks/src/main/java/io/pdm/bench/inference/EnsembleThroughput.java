package io.pdm.bench.inference;

import io.pdm.assets.lives.Life;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows scored per second by an ensemble version of K adapters on one base (what a plant serving the mean of K
 * federated adapters pays), one thread, against the base alone in the same run. Adapters are the demo federation's
 * shape (LoRA rank 4 on the default targets); their values do not change the cost of a forward pass.
 */
public final class EnsembleThroughput {
    /**
     * @param k        adapters per window (0: the base alone, the baseline)
     * @param lean     batched windows/s without drivers, as the service scores a window that raises no alert
     * @param drivers  batched windows/s with drivers, as for a window that alerts
     */
    public record Row(int k, double lean, double drivers) {}

    private EnsembleThroughput() {}

    /** The base alone first, then each K of {@code ks}; K adapters are written under {@code work}. */
    public static List<Row> run(Path baseDir, List<Life> lives, int windows, int batch, List<Integer> ks, Path work)
            throws IOException {
        LifeProtocol protocol = LifeProtocol.read(baseDir);
        List<double[][]> cut = ScoringThroughput.cut(lives, protocol, windows);
        double[] ages = new double[cut.size()];
        int most = ks.stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Path> adapters = new ArrayList<>();
        String baseHash = ModelCheckpoint.baseHash(baseDir);
        for (int i = 0; i < most; i++) {
            Path dir = work.resolve("adapter-" + i);
            SeedAdapters.fresh(baseDir, LoraConfig.of(4, 8, 0.05, baseDir.toString()), 42 + i)
                    .save(dir);
            RemainingLifeModel.writeOrigin(dir, baseHash);
            adapters.add(dir);
        }
        List<Row> rows = new ArrayList<>();
        rows.add(measure(RemainingLifeModel.load(baseDir, null), 0, protocol, cut, ages, batch));
        for (int k : ks) {
            rows.add(measure(
                    RemainingLifeModel.loadEnsemble(baseDir, adapters.subList(0, k)), k, protocol, cut, ages, batch));
        }
        return rows;
    }

    private static Row measure(
            RemainingLifeModel model, int k, LifeProtocol p, List<double[][]> cut, double[] ages, int batch) {
        try (model) {
            List<double[][]> warm = cut.subList(0, Math.min(256, cut.size()));
            ScoringThroughput.scoreBatched(model, p, warm, ages, batch, false);
            long t = System.nanoTime();
            ScoringThroughput.scoreBatched(model, p, cut, ages, batch, false);
            double lean = cut.size() / ((System.nanoTime() - t) / 1e9);
            ScoringThroughput.scoreBatched(model, p, warm, ages, batch, true);
            t = System.nanoTime();
            ScoringThroughput.scoreBatched(model, p, cut, ages, batch, true);
            double drivers = cut.size() / ((System.nanoTime() - t) / 1e9);
            return new Row(k, lean, drivers);
        }
    }
}
