package io.pdm.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MaintenanceJoinTest {
    static Features window(String asset, long end) {
        return new Features("p", asset, end - 10_000, end, 1, Map.of("temp.mean", 1.0), null, null);
    }

    static MaintenanceLog log(String asset, long ts, String action) {
        return new MaintenanceLog("id-" + ts, "p", asset, ts, action, "bearing", null, "done", "REST", ts);
    }

    @Test
    void stampsFeaturesWithLastMaintenanceAndCleansUpSilentAssets() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MaintenanceJoin(Duration.ofHours(1))),
                Features::asset,
                MaintenanceLog::asset,
                Types.STRING);
        h.open();
        h.processElement2(log("a", 1_000, "REPAIR"), 1_000);
        h.processElement2(log("a", 50_000, "LUBRICATION"), 50_000); // after the next window's end
        h.processElement1(window("a", 21_000), 20_999);
        h.processElement1(window("a", 61_000), 60_999);
        h.processElement1(window("b", 21_000), 20_999); // no logs for b

        List<Features> out = h.extractOutputValues();
        assertThat(out).extracting(Features::secondsSinceMaintenance).containsExactly(20.0, 11.0, null);
        assertThat(out).extracting(Features::lastMaintenanceAction).containsExactly("REPAIR", "LUBRICATION", null);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1); // only asset a has state
        assertThat(h.numEventTimeTimers()).isEqualTo(1); // one cleanup timer per asset, moved on activity

        h.processBothWatermarks(new Watermark(60_999L + 3_600_000L - 1));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.processBothWatermarks(new Watermark(60_999L + 3_600_000L));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();

        h.processElement1(window("a", 4_000_000), 3_999_999); // forgotten after silence
        assertThat(h.extractOutputValues().get(3).secondsSinceMaintenance()).isNull();
        h.close();
    }

    @Test
    void backfilledOldLogIsKeptForTheRetentionFromNow() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MaintenanceJoin(Duration.ofHours(1))),
                Features::asset,
                MaintenanceLog::asset,
                Types.STRING);
        h.open();
        long now = 100_000_000L;
        h.processBothWatermarks(new Watermark(now));
        h.processElement2(log("a", 1_000, "INSPECTION"), 1_000); // a year-old CSV import, say
        h.processBothWatermarks(new Watermark(now + 1000));
        h.processElement1(window("a", now + 10_000), now + 9_999);
        assertThat(h.extractOutputValues().get(0).lastMaintenanceAction()).isEqualTo("INSPECTION");
        h.processBothWatermarks(new Watermark(now + 10_000 + 3_600_000));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
