package io.pdm.model.life;

import io.pdm.assets.lives.Life;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.data.cmapss.Windows;
import java.util.ArrayList;
import java.util.List;

/**
 * Lives cut into model windows by a protocol. Targets are min(cap, remaining life) at the window's last step. A
 * censored life of unknown remainder still gives exact targets where at least the cap was observed after the step
 * (the target is then the cap); its later steps are left out.
 */
public final class LifeWindows {
    private LifeWindows() {}

    /** Per-channel mean and standard deviation over every step of the lives (a constant channel gets std 1). */
    public static double[][] fitNormalisation(List<Life> lives, List<String> channels) {
        int c = channels.size();
        double[] mean = new double[c];
        double[] m2 = new double[c];
        long n = 0;
        for (Life life : lives) {
            Life picked = life.select(channels);
            for (int i = 0; i < picked.steps(); i++) {
                n++;
                for (int j = 0; j < c; j++) {
                    double v = picked.value(i, j);
                    double d = v - mean[j];
                    mean[j] += d / n;
                    m2[j] += d * (v - mean[j]);
                }
            }
        }
        double[] std = new double[c];
        for (int j = 0; j < c; j++) {
            double s = n > 1 ? Math.sqrt(m2[j] / (n - 1)) : 0;
            std[j] = s < 1e-9 * Math.max(1, Math.abs(mean[j])) ? 1 : s;
        }
        return new double[][] {mean, std};
    }

    /** Training windows every {@code stride} steps from half a window (at most step 15) on. */
    public static WindowSet training(List<Life> lives, LifeProtocol protocol, int stride) {
        return cut(lives, protocol, Windows.firstTrainingEnd(protocol.window()), stride);
    }

    /** A window ending at every step whose target is known: validation, calibration and test. */
    public static WindowSet everyStep(List<Life> lives, LifeProtocol protocol) {
        return cut(lives, protocol, 1, 1);
    }

    private static WindowSet cut(List<Life> lives, LifeProtocol protocol, int firstEnd, int stride) {
        record Cut(int life, int end, float target) {}
        List<Cut> cuts = new ArrayList<>();
        List<Life> picked = new ArrayList<>();
        for (int l = 0; l < lives.size(); l++) {
            Life life = lives.get(l).select(protocol.windowChannels());
            picked.add(life);
            for (int end = Math.min(firstEnd, life.steps()); end <= life.steps(); end += stride) {
                double target = target(life, end - 1, protocol.rulCap());
                if (!Double.isNaN(target)) {
                    cuts.add(new Cut(l, end, (float) target));
                }
            }
        }
        int width = protocol.inputChannels();
        int stridePerWindow = protocol.window() * width;
        float[] values = new float[Math.multiplyExact(cuts.size(), stridePerWindow)];
        float[] targets = new float[cuts.size()];
        int[] lifeIndex = new int[cuts.size()];
        int[] ends = new int[cuts.size()];
        double[][][] rows = new double[picked.size()][][];
        double[][] ages = new double[picked.size()][];
        for (int i = 0; i < cuts.size(); i++) {
            Cut cut = cuts.get(i);
            Life life = picked.get(cut.life());
            if (rows[cut.life()] == null) { // one copy per life, not per window
                rows[cut.life()] = life.values();
                ages[cut.life()] = life.ages();
            }
            protocol.normalise(rows[cut.life()], ages[cut.life()], cut.end(), values, i * stridePerWindow);
            targets[i] = cut.target();
            lifeIndex[i] = cut.life();
            ends[i] = cut.end();
        }
        return new WindowSet(cuts.size(), protocol.window(), width, values, targets, lifeIndex, ends);
    }

    /** min(cap, remaining life) at a step; NaN when unknown (censored, less than the cap observed after it). */
    static double target(Life life, int step, double cap) {
        double remaining = life.remaining(step);
        if (!Double.isNaN(remaining)) {
            return Math.min(cap, remaining);
        }
        return life.observedAfter(step) >= cap ? cap : Double.NaN;
    }
}
