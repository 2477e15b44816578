package io.pdm.model.cmapss;

import io.pdm.model.data.cmapss.WindowSet;
import java.util.List;

/** Operations on whole window sets. */
public final class WindowSets {
    private WindowSets() {}

    /** The windows of several sets (same length and channels) as one, in order. */
    public static WindowSet concat(List<WindowSet> sets) {
        WindowSet first = sets.get(0);
        int count = 0;
        for (WindowSet s : sets) {
            if (s.length() != first.length() || s.channels() != first.channels()) {
                throw new IllegalArgumentException("window sets differ: " + s.length() + "×" + s.channels() + " vs "
                        + first.length() + "×" + first.channels());
            }
            count += s.count();
        }
        int stride = first.length() * first.channels();
        float[] values = new float[Math.multiplyExact(count, stride)];
        float[] targets = new float[count];
        int[] units = new int[count];
        int[] ends = new int[count];
        int at = 0;
        for (WindowSet s : sets) {
            System.arraycopy(s.values(), 0, values, at * stride, s.count() * stride);
            System.arraycopy(s.rulTargets(), 0, targets, at, s.count());
            System.arraycopy(s.units(), 0, units, at, s.count());
            System.arraycopy(s.endCycles(), 0, ends, at, s.count());
            at += s.count();
        }
        return new WindowSet(count, first.length(), first.channels(), values, targets, units, ends);
    }
}
