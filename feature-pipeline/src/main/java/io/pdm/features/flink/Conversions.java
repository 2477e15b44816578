package io.pdm.features.flink;

import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import io.pdm.schemas.avro.WaveformBlock;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Avro message types to and from the pipeline's internal types (done at the job's edges only). */
public final class Conversions {
    private Conversions() {}

    public static Reading toReading(TelemetryRecord r) {
        long ts = r.getTs().toEpochMilli();
        long received = r.getReceivedAt() == null ? ts : r.getReceivedAt().toEpochMilli();
        Object body = r.getBody();
        if (body instanceof ScalarSnapshot s) {
            Map<? extends CharSequence, Double> m = s.getValues();
            String[] sensors = new String[m.size()];
            double[] values = new double[m.size()];
            int i = 0;
            for (Map.Entry<? extends CharSequence, Double> e : m.entrySet()) {
                sensors[i] = e.getKey().toString();
                values[i++] = e.getValue();
            }
            return Reading.scalar(r.getPlant().toString(), r.getAsset().toString(), ts, received, sensors, values);
        }
        if (body instanceof WaveformBlock w) {
            List<Float> in = w.getSamples();
            float[] samples = new float[in.size()];
            for (int i = 0; i < samples.length; i++) samples[i] = in.get(i);
            return Reading.waveform(
                    r.getPlant().toString(),
                    r.getAsset().toString(),
                    ts,
                    received,
                    w.getSensor().toString(),
                    w.getRateHz(),
                    samples);
        }
        throw new IllegalArgumentException("unknown telemetry body " + (body == null ? null : body.getClass()));
    }

    public static TelemetryRecord toAvro(Reading r) {
        Object body;
        if (r.isWaveform()) {
            List<Float> samples = new ArrayList<>(r.samples().length);
            for (float f : r.samples()) samples.add(f);
            body = WaveformBlock.newBuilder()
                    .setSensor(r.waveformSensor())
                    .setRateHz(r.rateHz())
                    .setSamples(samples)
                    .build();
        } else {
            Map<String, Double> values = new HashMap<>();
            for (int i = 0; i < r.sensors().length; i++) values.put(r.sensors()[i], r.values()[i]);
            body = ScalarSnapshot.newBuilder().setValues(values).build();
        }
        return TelemetryRecord.newBuilder()
                .setPlant(r.plant())
                .setAsset(r.asset())
                .setTs(Instant.ofEpochMilli(r.ts()))
                .setReceivedAt(Instant.ofEpochMilli(r.receivedAt()))
                .setBody(body)
                .build();
    }

    public static MaintenanceLog toLog(MaintenanceLogRecord r) {
        return new MaintenanceLog(
                str(r.getId()),
                str(r.getPlant()),
                str(r.getAsset()),
                r.getTs().toEpochMilli(),
                r.getAction() == null ? "OTHER" : r.getAction().name(),
                str(r.getComponent()),
                str(r.getTechnician()),
                str(r.getText()),
                r.getSource() == null ? null : r.getSource().name(),
                r.getReceivedAt() == null
                        ? r.getTs().toEpochMilli()
                        : r.getReceivedAt().toEpochMilli());
    }

    public static FeatureVector toAvro(Features f) {
        Map<String, Double> features = new HashMap<>(f.features());
        return FeatureVector.newBuilder()
                .setPlant(f.plant())
                .setAsset(f.asset())
                .setWindowStart(Instant.ofEpochMilli(f.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(f.windowEnd()))
                .setReadingCount(f.readingCount())
                .setFeatures(features)
                .setSecondsSinceMaintenance(f.secondsSinceMaintenance())
                .setLastMaintenanceAction(f.lastMaintenanceAction())
                .build();
    }

    public static DeadLetterRecord toAvro(DeadLetter d) {
        return DeadLetterRecord.newBuilder()
                .setPlant(d.plant())
                .setAsset(d.asset())
                .setSource(d.source())
                .setReason(d.reason())
                .setDetail(d.detail())
                .setReceivedAt(Instant.ofEpochMilli(d.receivedAt()))
                .setPayload(ByteBuffer.wrap(d.payload() == null ? new byte[0] : d.payload()))
                .build();
    }

    private static String str(CharSequence s) {
        return s == null ? null : s.toString();
    }
}
