package io.pdm.alerting.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rules' knobs, one plant each (alerting/README.md lists each with its setting name and default).
 *
 * @param maxShelve      the longest a person may shelve an alert
 * @param chatterCycles  activate/clear cycles within {@code chatterWindow} (event time) that make an alert chattering
 * @param chatterWindow  see chatterCycles
 * @param fleetingHold   on-delay (wall clock): a new alert is announced only after it; one that clears within it is
 *                       fleeting, held back and flagged. Zero announces at once
 * @param renotifyInterval an active, unacknowledged alert's repeats re-notify (event {@code updated}) at most this
 *                       often; a rise of the severity band re-notifies at once. Zero: only band rises
 * @param escalateAfter  an announced alert still unacknowledged this long after announcement is escalated to the next
 *                       person of {@code escalation}, once per period; zero turns escalation off
 * @param escalation     the plant's escalation list, in order
 * @param retention      how long a closed alert stays in the store and on the compacted topic before its tombstone
 * @param tick           how often the wall-clock punctuator re-evaluates timers, silences and conditions
 * @param stateRefresh   a repeat that changes only the alert's facts, its severity within the band and its last
 *                       active time (nothing anyone acts on) is stored and published at most this often per alert,
 *                       counted in event time from the last written one; every other change is written at once.
 *                       Zero writes every repeat
 */
public record LifecycleSettings(
        Duration maxShelve,
        int chatterCycles,
        Duration chatterWindow,
        Duration fleetingHold,
        Duration renotifyInterval,
        Duration escalateAfter,
        List<String> escalation,
        Duration retention,
        Duration tick,
        Duration stateRefresh) {

    /** Who the lifecycle names as {@code by} for what it does by itself. */
    public static final String SYSTEM = "system:pdm-alerting";
    /** Who the lifecycle names for what a candidate from inference caused. */
    public static final String INFERENCE = "system:pdm-inference";

    /** The default {@link #stateRefresh}: the inbox and the state topic lag a repeat's facts by at most this. */
    public static final Duration DEFAULT_STATE_REFRESH = Duration.ofSeconds(10);

    static final int MAX_HISTORY = 100;
    static final int MAX_RECENT_COMMANDS = 64;

    public static final LifecycleSettings DEFAULTS = new LifecycleSettings(
            Duration.ofHours(8),
            3,
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofHours(4),
            Duration.ofMinutes(30),
            List.of(),
            Duration.ofDays(7),
            Duration.ofSeconds(1),
            DEFAULT_STATE_REFRESH);

    public LifecycleSettings {
        Objects.requireNonNull(maxShelve, "maxShelve");
        escalation = List.copyOf(escalation);
        for (Duration d : List.of(maxShelve, chatterWindow, fleetingHold, renotifyInterval, escalateAfter, retention)) {
            if (d.isNegative()) throw new IllegalArgumentException("durations must not be negative: " + d);
        }
        if (chatterCycles < 2) throw new IllegalArgumentException("chatterCycles must be >= 2: " + chatterCycles);
        if (tick.isNegative() || tick.isZero()) throw new IllegalArgumentException("tick must be positive: " + tick);
        Objects.requireNonNull(stateRefresh, "stateRefresh");
        if (stateRefresh.isNegative()) throw new IllegalArgumentException("stateRefresh must not be negative");
    }

    /** The settings before {@code stateRefresh} existed, with its default. */
    public LifecycleSettings(
            Duration maxShelve,
            int chatterCycles,
            Duration chatterWindow,
            Duration fleetingHold,
            Duration renotifyInterval,
            Duration escalateAfter,
            List<String> escalation,
            Duration retention,
            Duration tick) {
        this(
                maxShelve,
                chatterCycles,
                chatterWindow,
                fleetingHold,
                renotifyInterval,
                escalateAfter,
                escalation,
                retention,
                tick,
                DEFAULT_STATE_REFRESH);
    }

    public LifecycleSettings withStateRefresh(Duration d) {
        return new LifecycleSettings(
                maxShelve,
                chatterCycles,
                chatterWindow,
                fleetingHold,
                renotifyInterval,
                escalateAfter,
                escalation,
                retention,
                tick,
                d);
    }

    public LifecycleSettings withFleetingHold(Duration d) {
        return new LifecycleSettings(
                maxShelve,
                chatterCycles,
                chatterWindow,
                d,
                renotifyInterval,
                escalateAfter,
                escalation,
                retention,
                tick,
                stateRefresh);
    }

    public LifecycleSettings withEscalation(Duration after, List<String> people) {
        return new LifecycleSettings(
                maxShelve,
                chatterCycles,
                chatterWindow,
                fleetingHold,
                renotifyInterval,
                after,
                people,
                retention,
                tick,
                stateRefresh);
    }

    public LifecycleSettings withRetention(Duration d) {
        return new LifecycleSettings(
                maxShelve,
                chatterCycles,
                chatterWindow,
                fleetingHold,
                renotifyInterval,
                escalateAfter,
                escalation,
                d,
                tick,
                stateRefresh);
    }

    public LifecycleSettings withRenotifyInterval(Duration d) {
        return new LifecycleSettings(
                maxShelve,
                chatterCycles,
                chatterWindow,
                fleetingHold,
                d,
                escalateAfter,
                escalation,
                retention,
                tick,
                stateRefresh);
    }
}
