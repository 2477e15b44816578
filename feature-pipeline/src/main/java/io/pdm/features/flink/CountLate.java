package io.pdm.features.flink;

import io.pdm.features.records.Reading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Counts readings that arrived after their windows closed (metric {@code lateReadings}). */
public final class CountLate extends RichMapFunction<Observation, Reading> {
    private transient Counter late;

    @Override
    public void open(OpenContext ctx) {
        late = getRuntimeContext().getMetricGroup().counter("lateReadings");
    }

    @Override
    public Reading map(Observation o) {
        late.inc();
        return o.reading();
    }
}
