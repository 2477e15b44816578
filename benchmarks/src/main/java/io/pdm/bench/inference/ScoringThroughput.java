package io.pdm.bench.inference;

import io.pdm.assets.AssetType;
import io.pdm.assets.lives.Life;
import io.pdm.inference.service.PlantSteps;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.RemainingLifeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Windows scored per second: {@link RemainingLifeModel#predict(List, List, double[])} one window at a time (the
 * baseline, as the service calls it per step today) against batches, on one thread and on every core (a model
 * instance per thread), and the service's whole per-step path ({@link PlantSteps}: window, watch, scoring, policy,
 * alerts with template texts). Windows are cut from real lives.
 */
public final class ScoringThroughput {
    /**
     * @param batched         batches with drivers (one occluded copy per channel), as for a window that alerts
     * @param lean            batches without drivers, as the service scores every other window
     * @param leanAllCores    the same on every core
     * @param path            the whole per-step path, one thread, windows/s
     */
    public record Result(
            String base,
            int windows,
            int batch,
            int threads,
            double oneByOne,
            double batched,
            double batchedAllCores,
            double lean,
            double leanAllCores,
            double path) {
        public double leanPerCore() {
            return leanAllCores / threads;
        }

        public double batchRatio() {
            return batched / oneByOne;
        }

        public double perCore() {
            return batchedAllCores / threads;
        }
    }

    private ScoringThroughput() {}

    public static Result run(AssetType type, Path baseDir, List<Life> lives, int windows, int batch, int threads)
            throws Exception {
        LifeProtocol protocol = LifeProtocol.read(baseDir);
        List<double[][]> cut = cut(lives, protocol, windows);
        double[] ages = new double[cut.size()];
        double oneByOne, batched, allCores, lean;
        try (RemainingLifeModel model = RemainingLifeModel.load(baseDir, null)) {
            scoreOneByOne(model, protocol, cut.subList(0, Math.min(200, cut.size())), ages); // warm-up
            long t = System.nanoTime();
            scoreOneByOne(model, protocol, cut, ages);
            oneByOne = cut.size() / ((System.nanoTime() - t) / 1e9);
            scoreBatched(model, protocol, cut, ages, batch, true); // warm-up
            t = System.nanoTime();
            scoreBatched(model, protocol, cut, ages, batch, true);
            batched = cut.size() / ((System.nanoTime() - t) / 1e9);
            scoreBatched(model, protocol, cut, ages, batch, false); // warm-up
            t = System.nanoTime();
            scoreBatched(model, protocol, cut, ages, batch, false);
            lean = cut.size() / ((System.nanoTime() - t) / 1e9);
        }
        allCores = allCores(baseDir, protocol, cut, ages, batch, threads, true);
        double leanAllCores = allCores(baseDir, protocol, cut, ages, batch, threads, false);
        double path = path(type, baseDir, lives, windows);
        return new Result(
                baseDir.getFileName().toString(),
                cut.size(),
                batch,
                threads,
                oneByOne,
                batched,
                allCores,
                lean,
                leanAllCores,
                path);
    }

    /** {@code windows} full windows of the lives, round robin over lives, in the protocol's channels. */
    static List<double[][]> cut(List<Life> lives, LifeProtocol protocol, int windows) {
        List<double[][]> out = new ArrayList<>();
        int w = protocol.window();
        List<Life> selected = lives.stream()
                .filter(l -> l.steps() >= w)
                .map(l -> l.select(protocol.windowChannels()))
                .toList();
        if (selected.isEmpty()) throw new IllegalArgumentException("no life has a full window of " + w + " steps");
        for (int start = 0; out.size() < windows; start++) {
            boolean any = false;
            for (Life l : selected) {
                if (start + w > l.steps() || out.size() >= windows) continue;
                double[][] win = new double[w][];
                for (int s = 0; s < w; s++) win[s] = l.step(start + s);
                out.add(win);
                any = true;
            }
            if (!any) break;
        }
        // short lives give fewer distinct windows than asked: repeat them (the cost of a window does not depend on it)
        for (int i = 0, distinct = out.size(); out.size() < windows; i++) out.add(out.get(i % distinct));
        return out;
    }

    static void scoreOneByOne(RemainingLifeModel m, LifeProtocol p, List<double[][]> windows, double[] ages) {
        for (int i = 0; i < windows.size(); i++) m.predict(p.channels(), windows.get(i), ages[i]);
    }

    static void scoreBatched(
            RemainingLifeModel m, LifeProtocol p, List<double[][]> windows, double[] ages, int batch, boolean drivers) {
        for (int i = 0; i < windows.size(); i += batch) {
            int end = Math.min(windows.size(), i + batch);
            m.predict(p.channels(), windows.subList(i, end), java.util.Arrays.copyOfRange(ages, i, end), drivers);
        }
    }

    static double allCores(
            Path baseDir,
            LifeProtocol p,
            List<double[][]> windows,
            double[] ages,
            int batch,
            int threads,
            boolean drivers)
            throws Exception {
        List<RemainingLifeModel> models = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < threads; i++) models.add(RemainingLifeModel.load(baseDir, null));
            for (RemainingLifeModel m : models)
                scoreBatched(m, p, windows.subList(0, Math.min(256, windows.size())), ages, batch, drivers);
            long t = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (RemainingLifeModel m : models)
                futures.add(pool.submit(() -> scoreBatched(m, p, windows, ages, batch, drivers)));
            for (Future<?> f : futures) f.get();
            return (double) windows.size() * threads / ((System.nanoTime() - t) / 1e9);
        } finally {
            pool.shutdownNow();
            models.forEach(RemainingLifeModel::close);
        }
    }

    /** The service's per-step path over the lives' steps (each life an asset), one thread, template texts. */
    static double path(AssetType type, Path baseDir, List<Life> lives, int steps) throws IOException {
        LifeReplay replay = new LifeReplay("bench", type, baseDir);
        List<Life> slice = new ArrayList<>();
        int total = 0;
        for (Life l : lives) {
            if (total >= steps) break;
            slice.add(l);
            total += l.steps();
        }
        try (AlertTextPipeline texts = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            replay.replay(slice.subList(0, Math.min(2, slice.size())), texts::write); // warm-up
            long t = System.nanoTime();
            replay.replay(slice, texts::write);
            return total / ((System.nanoTime() - t) / 1e9);
        }
    }
}
