package io.pdm.bench.alerting;

import io.pdm.alerting.lifecycle.Fingerprints;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.time.Instant;
import java.util.List;

/**
 * Alert candidates as inference writes them (same fields, a fact sheet with two measurements), for a plant of
 * {@code assets} pumps: each asset's first candidate raises, the following ones update it, and every
 * {@code clearEvery}-th clears it (0: never), so the topology runs its repeat, clear and reopen paths.
 */
final class BenchCandidates {
    static final String PLANT = "bench";
    static final String KIND = "REMAINING_LIFE_LOW", MODE = "bearing-wear";
    private static final AvroCodec<AlertRecord> CODEC = AvroCodec.of(AlertRecord.class);

    private BenchCandidates() {}

    static String asset(int i) {
        return "pump-" + i;
    }

    /** The {@code n}-th candidate of the stream; {@code id} goes into its alertId (for latency matching). */
    static byte[] candidate(long n, int assets, int clearEvery, Instant at, String id) {
        return candidate(PLANT, n, assets, clearEvery, at, id);
    }

    static byte[] candidate(String plant, long n, int assets, int clearEvery, Instant at, String id) {
        int a = (int) (n % assets);
        long round = n / assets;
        String state = round == 0 ? "RAISED" : clearEvery > 0 && round % clearEvery == 0 ? "CLEARED" : "UPDATED";
        if (clearEvery > 0 && round > 0 && round % clearEvery == 1) state = "RAISED";
        return encode(plant, asset(a), MODE, state, 650 + (int) (round % 100), at, id);
    }

    static byte[] encode(String plant, String asset, String mode, String state, int severity, Instant at, String id) {
        String sheet = "{\"reason\":\"remaining life below threshold\",\"measurements\":[{\"channel\":"
                + "\"vibration.rms\",\"value\":6.2,\"unit\":\"mm/s\",\"time\":\"" + at + "\",\"limit\":7.1},"
                + "{\"channel\":\"temperature_c.mean\",\"value\":68.0,\"unit\":\"C\",\"time\":\"" + at + "\"}]}";
        return CODEC.encode(AlertRecord.newBuilder()
                .setAlertId(id)
                .setFingerprint(Fingerprints.of(plant, asset, KIND, mode))
                .setPlant(plant)
                .setAsset(asset)
                .setAssetType("pump-set")
                .setKind(KIND)
                .setFailureMode(mode)
                .setState(state)
                .setSeverity(severity)
                .setOccurredAt(at)
                .setRemainingLife(new RemainingLife(80.0, 50.0, 110.0, 0.9, "HOUR", "split-conformal"))
                .setHealthStage("DEGRADING")
                .setTitle(asset + ": bearing wear, about 80 h of life left")
                .setText("Bearing wear on " + asset + ": about 80 h left (90 % interval 50-110 h).")
                .setWriter("template")
                .setGrounded(true)
                .setCitedLogs(List.of("WO-1"))
                .setFactSheet(sheet)
                .build());
    }
}
