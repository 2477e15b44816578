package io.pdm.features.flink;

import io.pdm.features.FeatureJobConfig;
import io.pdm.features.records.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Event-time windows of one asset that close on that asset's own clock, never on a job-wide
 * watermark: a device stamping the current time, a gateway flushing buffered hours and a replay
 * of last year all get their windows as soon as their own readings have moved past them.
 *
 * <p>Per asset (keyed state): the largest event time seen, the asset's watermark (that minus the
 * out-of-orderness, minus 1 ms, exactly what Flink's bounded-out-of-orderness generator emits), and
 * the open windows as {@link WindowAccumulator}s by window start. The window semantics are those of
 * Flink's event-time window operator with {@code allowedLateness} and a late side output, applied
 * to the asset's watermark:
 * <ul>
 *   <li>windows are [start, end), tumbling or sliding exactly as {@link FeatureJobConfig} sets;</li>
 *   <li>a window fires once the asset's watermark reaches end − 1;</li>
 *   <li>it is kept for {@code allowedLateness} more: a reading for it then updates it and it fires
 *       again (consumers upsert by (asset, windowStart));</li>
 *   <li>a reading whose windows are all past that goes to {@link #LATE}, never silently away.</li>
 * </ul>
 *
 * <p>Silence is bounded in processing time: an asset that sends nothing for {@code idleness} fires
 * all its open windows with what they have. They stay for {@code allowedLateness} more (processing
 * time, or the asset's own clock if it moves first): a reading that still arrives for one, e.g.
 * after a stall upstream, updates it and it fires again; after that it goes to {@link #LATE}.
 * The watermark does not move, so newer windows keep waiting for the asset's own progress. One
 * idle timer per asset, moved lazily, plus one purge timer after an idle fire. A Long.MAX_VALUE event-time timer per asset flushes the open windows when
 * the input ends (bounded input or a drain), when Flink sends its final watermark.
 */
public final class AssetWindows extends KeyedProcessFunction<String, Observation, Features> {
    /** Readings that arrived after all their windows closed. */
    public static final OutputTag<Observation> LATE = new OutputTag<>("late-telemetry") {};

    /**
     * One asset's clock. {@code watermark} is Long.MIN_VALUE before the first reading. The idle bound
     * fires windows without moving the watermark: every window ending at or before
     * {@code firedThrough} has fired, and every one ending at or before {@code purgedThrough} is gone.
     * {@code lastInputAt}, {@code idleTimerAt} and {@code purgeAt} are processing time (MIN_VALUE: no
     * timer).
     */
    public record AssetClock(
            long maxTs,
            long watermark,
            long firedThrough,
            long purgedThrough,
            long lastInputAt,
            long idleTimerAt,
            long purgeAt) {
        AssetClock withInput(long maxTs, long watermark, long lastInputAt, long idleTimerAt) {
            return new AssetClock(maxTs, watermark, firedThrough, purgedThrough, lastInputAt, idleTimerAt, purgeAt);
        }

        boolean fired(long end) {
            return end - 1 <= watermark || end <= firedThrough;
        }
    }

    private final String plant;
    private final long size;
    private final long slide;
    private final long outOfOrderness;
    private final long lateness;
    private final long idleMs;
    private final double alpha;

    private transient ValueState<AssetClock> clock;
    private transient MapState<Long, WindowAccumulator> windows;

    public AssetWindows(FeatureJobConfig c) {
        this.plant = c.plant();
        this.size = c.windowSize().toMillis();
        this.slide = c.windowSlide().toMillis();
        this.outOfOrderness = c.maxOutOfOrderness().toMillis();
        this.lateness = c.allowedLateness().toMillis();
        this.idleMs = c.idleness().toMillis();
        this.alpha = c.ewmaAlpha();
    }

    @Override
    public void open(OpenContext ctx) {
        clock = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("asset-clock", TypeInformation.of(AssetClock.class)));
        windows = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("asset-windows", Types.LONG, AccumulatorSerializer.TYPE));
    }

    @Override
    public void processElement(Observation o, Context ctx, Collector<Features> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        AssetClock c = clock.value();
        if (c == null) {
            long none = Long.MIN_VALUE;
            c = new AssetClock(none, none, none, none, now, none, none);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // end of input flushes
        }
        String asset = ctx.getCurrentKey();
        long ts = o.reading().ts();
        boolean accepted = false;
        for (long start = TimeWindow.getWindowStartWithOffset(ts, 0, slide); start > ts - size; start -= slide) {
            long end = start + size;
            if (cleanupAt(end) <= c.watermark() || end <= c.purgedThrough()) continue; // this window is gone
            WindowAccumulator acc = windows.get(start);
            if (acc == null) acc = new WindowAccumulator();
            acc.add(o, alpha);
            windows.put(start, acc);
            accepted = true;
            // Late but within the allowed lateness: the window fires again with the new value.
            if (c.fired(end)) out.collect(acc.toFeatures(plant, asset, start, end));
        }
        if (!accepted) ctx.output(LATE, o);

        long maxTs = Math.max(c.maxTs(), ts);
        long wm = Math.max(c.watermark(), satSub(satSub(maxTs, outOfOrderness), 1));
        if (wm > c.watermark() && crossesWindowBoundary(c.watermark(), wm)) advance(asset, c, wm, out);
        long idleAt = c.idleTimerAt();
        if (idleMs > 0 && idleAt == Long.MIN_VALUE) {
            idleAt = now + idleMs;
            ctx.timerService().registerProcessingTimeTimer(idleAt);
        }
        clock.update(c.withInput(maxTs, wm, now, idleAt));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Features> out) throws Exception {
        AssetClock c = clock.value();
        if (c == null) return;
        String asset = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) { // Long.MAX_VALUE: the input ended
            fireAll(asset, c, out);
            windows.clear(); // nothing can update them any more
            return;
        }
        if (timestamp == c.purgeAt()) { // the allowed lateness after an idle fire has passed
            for (long start : sortedStarts()) if (start + size <= c.firedThrough()) windows.remove(start);
            c = new AssetClock(
                    c.maxTs(),
                    c.watermark(),
                    c.firedThrough(),
                    Math.max(c.purgedThrough(), c.firedThrough()),
                    c.lastInputAt(),
                    c.idleTimerAt(),
                    Long.MIN_VALUE);
            clock.update(c);
        }
        if (timestamp != c.idleTimerAt()) return;
        long due = c.lastInputAt() + idleMs;
        if (due > timestamp) { // input came since the timer was set: wait for the rest of the bound
            ctx.timerService().registerProcessingTimeTimer(due);
            clock.update(c.withInput(c.maxTs(), c.watermark(), c.lastInputAt(), due));
            return;
        }
        long firedThrough = fireAll(asset, c, out);
        long purgedThrough = c.purgedThrough();
        long purgeAt = c.purgeAt();
        if (lateness == 0) { // nothing may update them any more
            windows.clear();
            purgedThrough = Math.max(purgedThrough, firedThrough);
        } else if (purgeAt == Long.MIN_VALUE) { // they stay for the allowed lateness, in processing time
            purgeAt = timestamp + lateness;
            ctx.timerService().registerProcessingTimeTimer(purgeAt);
        }
        clock.update(new AssetClock(
                c.maxTs(), c.watermark(), firedThrough, purgedThrough, c.lastInputAt(), Long.MIN_VALUE, purgeAt));
    }

    /**
     * Fires the windows whose end − 1 the watermark passed (in start order, unless the idle bound
     * fired them already) and drops those past their allowed lateness.
     */
    private void advance(String asset, AssetClock c, long newWm, Collector<Features> out) throws Exception {
        for (long start : sortedStarts()) {
            long end = start + size;
            WindowAccumulator acc = windows.get(start);
            if (!c.fired(end) && end - 1 <= newWm) out.collect(acc.toFeatures(plant, asset, start, end));
            if (cleanupAt(end) <= newWm) windows.remove(start);
        }
    }

    /**
     * Fires every open window that has not fired yet, keeping them (a reading within the allowed
     * lateness still updates them); returns the new {@code firedThrough}. The watermark stays: a
     * newer window still waits for the asset's own progress.
     */
    private long fireAll(String asset, AssetClock c, Collector<Features> out) throws Exception {
        long firedThrough = c.firedThrough();
        for (long start : sortedStarts()) {
            long end = start + size;
            if (!c.fired(end)) out.collect(windows.get(start).toFeatures(plant, asset, start, end));
            firedThrough = Math.max(firedThrough, end);
        }
        return firedThrough;
    }

    private List<Long> sortedStarts() throws Exception {
        List<Long> starts = new ArrayList<>();
        for (Map.Entry<Long, WindowAccumulator> e : windows.entries()) starts.add(e.getKey());
        starts.sort(null);
        return starts;
    }

    /**
     * True when some window end − 1 or cleanup time lies in (oldWm, newWm]. Window ends are
     * size + k·slide, so counting them below each bound is enough; this keeps the common case (a
     * reading that moves the clock inside one slide) free of a state scan.
     */
    private boolean crossesWindowBoundary(long oldWm, long newWm) {
        if (oldWm == Long.MIN_VALUE) return true;
        return Math.floorDiv(newWm + 1 - size, slide) != Math.floorDiv(oldWm + 1 - size, slide)
                || Math.floorDiv(newWm + 1 - size - lateness, slide)
                        != Math.floorDiv(oldWm + 1 - size - lateness, slide);
    }

    /** The last instant of the window's allowed lateness: at this watermark it is dropped. */
    private long cleanupAt(long end) {
        return satAdd(end - 1, lateness);
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long satSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }
}
