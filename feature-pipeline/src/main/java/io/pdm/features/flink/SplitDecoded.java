package io.pdm.features.flink;

import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Decoded;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Splits decoded source records: the payload on the main output, dead letters on a side output. */
public final class SplitDecoded {
    private SplitDecoded() {}

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    public static final class Readings extends ProcessFunction<Decoded, Reading> {
        @Override
        public void processElement(Decoded d, Context ctx, Collector<Reading> out) {
            if (d.reading() != null) out.collect(d.reading());
            else if (d.deadLetter() != null) ctx.output(DEAD_LETTERS, d.deadLetter());
        }
    }

    public static final class Logs extends ProcessFunction<Decoded, MaintenanceLog> {
        @Override
        public void processElement(Decoded d, Context ctx, Collector<MaintenanceLog> out) {
            if (d.log() != null) out.collect(d.log());
            else if (d.deadLetter() != null) ctx.output(DEAD_LETTERS, d.deadLetter());
        }
    }
}
