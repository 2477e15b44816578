package io.pdm.alerting.inbox.isa;

import java.time.Instant;
import java.util.List;

/**
 * A plant's alarm-system performance over a period, in ISA-18.2's (and EEMUA 191's) measures.
 *
 * @param alertsPer10Minutes  alert activations (raised events) per 10-minute period, on average (target ≤ 1–2)
 * @param peakPer10Minutes    the busiest 10-minute period's activations
 * @param floodShare          share of 10-minute periods in flood, more than {@link AlarmSystemStats#FLOOD} activations
 *                            (target < 1 %)
 * @param chattering          alerts that chattered in the period or chatter now
 * @param stale               open alerts active or unacknowledged for more than 24 h now
 * @param badActors           the ten alerts with the most activations, most first
 * @param badActorShare       their share of all activations (ISA-18.2: a few bad actors are often most of the load)
 */
public record AlarmSystemReport(
        String plant,
        Instant from,
        Instant to,
        long periods,
        long activations,
        double alertsPer10Minutes,
        long peakPer10Minutes,
        double floodShare,
        List<Named> chattering,
        List<Stale> stale,
        List<BadActor> badActors,
        double badActorShare) {

    public AlarmSystemReport {
        chattering = List.copyOf(chattering);
        stale = List.copyOf(stale);
        badActors = List.copyOf(badActors);
    }

    /**
     * An alert named for people: its asset and {@code title}, its kind and failure mode in words ({@link
     * AlertWords}); the fingerprint stays for the link to the alert.
     */
    public record Named(String fingerprint, String asset, String kind, String failureMode, String title) {
        static Named of(String fingerprint, String asset, String kind, String failureMode) {
            return new Named(fingerprint, asset, kind, failureMode, AlertWords.title(kind, failureMode));
        }
    }

    public record BadActor(
            String fingerprint,
            String asset,
            String kind,
            String failureMode,
            String title,
            long activations,
            double share) {}

    public record Stale(
            String fingerprint,
            String asset,
            String kind,
            String failureMode,
            String title,
            Instant since,
            boolean acknowledged) {}
}
