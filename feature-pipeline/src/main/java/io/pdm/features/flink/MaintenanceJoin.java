package io.pdm.features.flink;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per asset: remembers the most recent maintenance log entries and stamps each feature window
 * with {@code secondsSinceMaintenance} (windowEnd minus the latest entry at or before windowEnd)
 * and {@code lastMaintenanceAction}. Keeping a few entries, not one, means a log that arrives
 * before the features of an earlier window does not leak into that window.
 *
 * <p>Which entry stamps a window is decided by event time alone (the entry's ts against the
 * window's end), never by a watermark. Cleanup is in processing time: an asset without feature
 * windows or log entries for the retention period loses its state. A job-wide event-time clock
 * would be the slowest asset's (or, with no logs for weeks, stand still), which is exactly what
 * the per-asset windows avoid. One timer per asset, moved lazily: activity only records its time,
 * and a timer that finds newer activity re-arms itself for the rest of the period.
 */
public final class MaintenanceJoin extends KeyedCoProcessFunction<String, Features, MaintenanceLog, Features> {
    static final int HISTORY = 8;

    /**
     * Keyed state of one asset: entries sorted by time ascending, the processing time of the last
     * activity and of the pending cleanup timer.
     */
    public record AssetState(long[] ts, String[] actions, long lastActiveAt, long timerAt) {}

    private final long retentionMs;
    private transient ValueState<AssetState> state;

    public MaintenanceJoin(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("maintenance", TypeInformation.of(AssetState.class)));
    }

    @Override
    public void processElement1(Features f, Context ctx, Collector<Features> out) throws Exception {
        AssetState s = state.value();
        Features result = f;
        if (s != null) {
            for (int i = s.ts().length - 1; i >= 0; i--) {
                if (s.ts()[i] <= f.windowEnd()) {
                    result = f.withMaintenance((f.windowEnd() - s.ts()[i]) / 1000.0, s.actions()[i]);
                    break;
                }
            }
        }
        out.collect(result);
        if (s != null) touch(s, s.ts(), s.actions(), ctx); // no state for assets without logs
    }

    @Override
    public void processElement2(MaintenanceLog log, Context ctx, Collector<Features> out) throws Exception {
        AssetState s = state.value();
        long[] ts = s == null ? new long[0] : s.ts();
        String[] actions = s == null ? new String[0] : s.actions();
        int pos = 0;
        while (pos < ts.length && ts[pos] <= log.ts()) pos++;
        long[] nts = new long[ts.length + 1];
        String[] nact = new String[ts.length + 1];
        System.arraycopy(ts, 0, nts, 0, pos);
        System.arraycopy(actions, 0, nact, 0, pos);
        nts[pos] = log.ts();
        nact[pos] = log.action();
        System.arraycopy(ts, pos, nts, pos + 1, ts.length - pos);
        System.arraycopy(actions, pos, nact, pos + 1, ts.length - pos);
        if (nts.length > HISTORY) { // drop the oldest
            nts = Arrays.copyOfRange(nts, nts.length - HISTORY, nts.length);
            nact = Arrays.copyOfRange(nact, nact.length - HISTORY, nact.length);
        }
        touch(s, nts, nact, ctx); // a back-filled old entry counts as activity now, not at its own time
    }

    /** Stores the state with the activity time now; arms the cleanup timer if none is pending. */
    private void touch(AssetState old, long[] ts, String[] actions, Context ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        long timerAt = old == null ? Long.MIN_VALUE : old.timerAt();
        if (timerAt == Long.MIN_VALUE) {
            timerAt = satAdd(now, retentionMs);
            ctx.timerService().registerProcessingTimeTimer(timerAt);
        }
        state.update(new AssetState(ts, actions, now, timerAt));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Features> out) throws Exception {
        AssetState s = state.value();
        if (s == null || s.timerAt() != timestamp) return;
        long due = satAdd(s.lastActiveAt(), retentionMs);
        if (due <= timestamp) {
            state.clear();
        } else { // active since the timer was set: wait for the rest of the period
            ctx.timerService().registerProcessingTimeTimer(due);
            state.update(new AssetState(s.ts(), s.actions(), s.lastActiveAt(), due));
        }
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
