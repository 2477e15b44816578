package io.pdm.bench.inference;

import io.pdm.assets.lives.Life;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.LoraMerge;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows scored per second by an ensemble version of K adapters on one base (what a plant serving the mean of K
 * federated adapters pays), one thread, against the base alone in the same run: every model loaded and warmed up
 * first, then {@value #ROUNDS} interleaved rounds, the median of each. Adapters are the demo federation's
 * shape (LoRA rank 4 on the default targets) unless another rank is given; their values do not change the cost of a
 * forward pass. A merged row is one adapter whose weight change is the mean of K members' (one forward pass).
 */
public final class EnsembleThroughput {
    /**
     * @param k        adapters per window (0: the base alone, the baseline)
     * @param merged   0, or how many members the one adapter of this row merges ({@link LoraMerge}, k = 1)
     * @param lean     batched windows/s without drivers, as the service scores a window that raises no alert
     * @param drivers  batched windows/s with drivers, as for a window that alerts
     */
    public record Row(int k, int merged, double lean, double drivers) {}

    private EnsembleThroughput() {}

    /**
     * The base alone first, then each K of {@code ks}, then (if {@code merged} > 0) the merge of the first
     * {@code merged} members as one adapter of rank {@code merged} × {@code rank}; adapters are written under
     * {@code work}.
     */
    public static List<Row> run(
            Path baseDir, List<Life> lives, int windows, int batch, List<Integer> ks, int merged, int rank, Path work)
            throws IOException {
        LifeProtocol protocol = LifeProtocol.read(baseDir);
        List<double[][]> cut = ScoringThroughput.cut(lives, protocol, windows);
        double[] ages = new double[cut.size()];
        int most =
                Math.max(merged, ks.stream().mapToInt(Integer::intValue).max().orElse(0));
        List<Path> adapters = new ArrayList<>();
        String baseHash = ModelCheckpoint.baseHash(baseDir);
        for (int i = 0; i < most; i++) {
            Path dir = work.resolve("adapter-" + i);
            SeedAdapters.fresh(baseDir, LoraConfig.of(rank, 2 * rank, 0.05, baseDir.toString()), 42 + i)
                    .save(dir);
            RemainingLifeModel.writeOrigin(dir, baseHash);
            adapters.add(dir);
        }
        List<RemainingLifeModel> models = new ArrayList<>();
        try {
            models.add(RemainingLifeModel.load(baseDir, null));
            for (int k : ks) models.add(RemainingLifeModel.loadEnsemble(baseDir, adapters.subList(0, k)));
            if (merged > 0) models.add(RemainingLifeModel.load(baseDir, merge(adapters.subList(0, merged), work)));
            for (RemainingLifeModel m : models) warmUp(m, protocol, cut, ages, batch);
            // Interleaved rounds, the median of each: a shared machine's load drifts within a run, and a model
            // measured first would otherwise also pay the process's warm-up.
            double[][] lean = new double[models.size()][ROUNDS];
            double[][] drivers = new double[models.size()][ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                for (int m = 0; m < models.size(); m++) {
                    lean[m][r] = rate(models.get(m), protocol, cut, ages, batch, false);
                    drivers[m][r] = rate(models.get(m), protocol, cut, ages, batch, true);
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                boolean isMerge = m > ks.size();
                rows.add(new Row(
                        m == 0 || isMerge ? Math.min(m, 1) : ks.get(m - 1),
                        isMerge ? merged : 0,
                        median(lean[m]),
                        median(drivers[m])));
            }
            return rows;
        } finally {
            models.forEach(RemainingLifeModel::close);
        }
    }

    /** The members merged into one adapter as pdm fl merge writes it. */
    private static Path merge(List<Path> members, Path work) throws IOException {
        List<PeftAdapter> adapters = new ArrayList<>();
        for (Path m : members) adapters.add(PeftAdapter.load(m, 1L << 30));
        Path dir = work.resolve("merged-" + members.size());
        LoraMerge.merge(adapters).save(dir);
        return dir;
    }

    /** Measurement rounds per model. */
    public static final int ROUNDS = 3;

    private static void warmUp(RemainingLifeModel m, LifeProtocol p, List<double[][]> cut, double[] ages, int batch) {
        List<double[][]> warm = cut.subList(0, Math.min(512, cut.size()));
        ScoringThroughput.scoreBatched(m, p, warm, ages, batch, false);
        ScoringThroughput.scoreBatched(m, p, warm, ages, batch, true);
    }

    private static double rate(
            RemainingLifeModel m, LifeProtocol p, List<double[][]> cut, double[] ages, int batch, boolean drivers) {
        long t = System.nanoTime();
        ScoringThroughput.scoreBatched(m, p, cut, ages, batch, drivers);
        return cut.size() / ((System.nanoTime() - t) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
