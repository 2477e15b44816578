package io.pdm.features.flink;

import io.pdm.features.records.Features;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The job's former windowing as Flink's own event-time window operator (one watermark for all
 * assets): kept in tests as the reference that {@link AssetWindows} must match on in-order input.
 */
public final class FeatureAggregate implements AggregateFunction<Observation, WindowAccumulator, WindowAccumulator> {
    private final double alpha;

    public FeatureAggregate(double ewmaAlpha) {
        if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) throw new IllegalArgumentException("ewmaAlpha must be in (0, 1]");
        this.alpha = ewmaAlpha;
    }

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(Observation value, WindowAccumulator acc) {
        acc.add(value, alpha);
        return acc;
    }

    @Override
    public WindowAccumulator getResult(WindowAccumulator acc) {
        return acc;
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        a.merge(b);
        return a;
    }

    /** Wraps the accumulator into a {@link Features} with the window bounds (end exclusive). */
    public static final class Emit extends ProcessWindowFunction<WindowAccumulator, Features, String, TimeWindow> {
        private final String plant;

        public Emit(String plant) {
            this.plant = plant;
        }

        @Override
        public void process(String asset, Context ctx, Iterable<WindowAccumulator> accs, Collector<Features> out) {
            for (WindowAccumulator acc : accs) {
                out.collect(acc.toFeatures(
                        plant, asset, ctx.window().getStart(), ctx.window().getEnd()));
            }
        }
    }
}
