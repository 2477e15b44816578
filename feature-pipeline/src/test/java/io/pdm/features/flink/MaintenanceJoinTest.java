package io.pdm.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MaintenanceJoinTest {
    static Features window(String asset, long end) {
        return new Features("p", asset, end - 10_000, end, 1, Map.of("temp.mean", 1.0), null, null);
    }

    static MaintenanceLog log(String asset, long ts, String action) {
        return new MaintenanceLog("id-" + ts, "p", asset, ts, action, "bearing", null, "done", "REST", ts);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Features, MaintenanceLog, Features> harness()
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MaintenanceJoin(Duration.ofHours(1))),
                Features::asset,
                MaintenanceLog::asset,
                Types.STRING);
        h.open();
        return h;
    }

    /** No watermark is ever sent: stamping is by event time alone, cleanup by processing time. */
    @Test
    void stampsFeaturesWithLastMaintenanceAndCleansUpSilentAssets() throws Exception {
        var h = harness();
        h.setProcessingTime(0);
        h.processElement2(log("a", 1_000, "REPAIR"), 1_000);
        h.processElement2(log("a", 50_000, "LUBRICATION"), 50_000); // after the next window's end
        h.processElement1(window("a", 21_000), 20_999);
        h.processElement1(window("a", 61_000), 60_999);
        h.processElement1(window("b", 21_000), 20_999); // no logs for b

        List<Features> out = h.extractOutputValues();
        assertThat(out).extracting(Features::secondsSinceMaintenance).containsExactly(20.0, 11.0, null);
        assertThat(out).extracting(Features::lastMaintenanceAction).containsExactly("REPAIR", "LUBRICATION", null);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1); // only asset a has state
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1); // one cleanup timer per asset

        h.setProcessingTime(600_000);
        h.processElement1(window("a", 71_000), 70_999); // activity: the hour counts from here
        h.setProcessingTime(3_600_000); // the first timer finds newer activity and re-arms
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        h.setProcessingTime(600_000 + 3_600_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();

        h.processElement1(window("a", 4_000_000), 3_999_999); // forgotten after silence
        assertThat(h.extractOutputValues().get(4).secondsSinceMaintenance()).isNull();
        h.close();
    }

    @Test
    void backfilledOldLogIsKeptForTheRetentionFromNow() throws Exception {
        var h = harness();
        h.setProcessingTime(100_000_000L);
        h.processElement2(log("a", 1_000, "INSPECTION"), 1_000); // a year-old CSV import, say
        long now = 100_000_000L;
        h.processElement1(window("a", now + 10_000), now + 9_999);
        assertThat(h.extractOutputValues().get(0).lastMaintenanceAction()).isEqualTo("INSPECTION");
        h.setProcessingTime(now + 3_600_000 - 1);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.setProcessingTime(now + 3_600_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        h.close();
    }
}
