package io.pdm.launcher;

import io.pdm.inference.store.InferenceTotals;

/**
 * What each stage of the demo has done so far, as observed at that stage: messages published to MQTT,
 * forwarded to / rejected by ingest, records that really arrived on the features, late and dead-letter
 * topics, rows that really are in PostgreSQL, the predictions and alerts the inference services stored, and the
 * federated rounds that published a new global adapter ({@code federatedRounds}).
 */
public record StageCounts(
        long published,
        long forwarded,
        long rejected,
        long features,
        long late,
        long deadLetters,
        long readingRows,
        long waveformRows,
        long featureRows,
        long logRows,
        InferenceTotals inference,
        long federatedRounds) {

    public static final StageCounts ZERO = new StageCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, InferenceTotals.ZERO, 0);

    /** One line with totals and, against an earlier sample, rates per second. */
    public String progressLine(StageCounts before, double seconds) {
        return String.format(
                "published %,d (%s/s) | ingest forwarded %,d (%s/s), rejected %,d | features %,d (%s/s), late %,d, dlq %,d | stored readings %,d, waveforms %,d, features %,d, logs %,d | predictions %,d, alerts %,d (grounded %,d)%s%s",
                published,
                rate(published - before.published, seconds),
                forwarded,
                rate(forwarded - before.forwarded, seconds),
                rejected,
                features,
                rate(features - before.features, seconds),
                late,
                deadLetters,
                readingRows,
                waveformRows,
                featureRows,
                logRows,
                inference.predictions(),
                inference.alerts(),
                inference.grounded(),
                inference.adapterVersion() == null ? "" : ", adapter v" + inference.adapterVersion(),
                federatedRounds == 0 ? "" : " | federated rounds " + federatedRounds);
    }

    public String summary() {
        return String.join(
                System.lineSeparator(),
                "summary per stage:",
                String.format("  simulator/replay  published to MQTT      %,12d", published),
                String.format("  ingest            forwarded to Kafka     %,12d", forwarded),
                String.format("  ingest            rejected (dead letter) %,12d", rejected),
                String.format("  kafka             dead-letter records    %,12d", deadLetters),
                String.format("  feature pipeline  feature vectors        %,12d", features),
                String.format("  feature pipeline  late readings          %,12d", late),
                String.format("  postgresql        reading rows           %,12d", readingRows),
                String.format("  postgresql        waveform blocks        %,12d", waveformRows),
                String.format("  postgresql        feature rows           %,12d", featureRows),
                String.format("  postgresql        maintenance logs       %,12d", logRows),
                String.format("  inference         predictions            %,12d", inference.predictions()),
                String.format("  inference         with remaining life    %,12d", inference.predictionsWithLife()),
                String.format(
                        "  inference         alerts                 %,12d   (grounded %,d; by writer %s)",
                        inference.alerts(), inference.grounded(), inference.byWriter()),
                String.format(
                        "  inference         adapter version        %12s",
                        inference.adapterVersion() == null ? "base only" : "v" + inference.adapterVersion()),
                String.format("  federation        rounds published       %,12d", federatedRounds));
    }

    private static String rate(long delta, double seconds) {
        return seconds <= 0 ? "-" : String.format("%,.0f", delta / seconds);
    }
}
