package io.pdm.alerting.inbox.isa;

import io.pdm.alerting.inbox.feed.AlarmEvent;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * ISA-18.2 alarm-system measures of one plant, from its maintenance events (what happened in the period) and the
 * current alert states (what is stale now). An activation is a {@code raised} event: a new alert, or a cleared
 * one raised again. Periods are 10 minutes aligned to the epoch; the first and last are counted whole.
 */
public final class AlarmSystemStats {
    public static final Duration PERIOD = Duration.ofMinutes(10);
    /** ISA-18.2: more than 10 alarms in 10 minutes is a flood. */
    public static final int FLOOD = 10;

    public static final Duration STALE_AFTER = Duration.ofHours(24);
    public static final int BAD_ACTORS = 10;

    private AlarmSystemStats() {}

    public static AlarmSystemReport compute(
            String plant, List<AlarmEvent> events, List<AlertState> current, Instant from, Instant to) {
        if (!to.isAfter(from)) throw new IllegalArgumentException("the period must end after it starts");
        long p = PERIOD.getSeconds();
        long first = Math.floorDiv(from.getEpochSecond(), p), last = Math.floorDiv(to.getEpochSecond() - 1, p);
        long periods = last - first + 1;
        Map<Long, Long> perPeriod = new HashMap<>();
        Map<String, Long> perAlert = new HashMap<>();
        Map<String, AlarmSystemReport.Named> names = new HashMap<>();
        TreeSet<String> chattering = new TreeSet<>();
        long activations = 0;
        for (AlarmEvent e : events) {
            if (!plant.equals(e.plant())
                    || e.time() == null
                    || e.time().isBefore(from)
                    || !e.time().isBefore(to)) {
                continue;
            }
            if (e.fingerprint() != null && e.asset() != null) {
                names.put(
                        e.fingerprint(),
                        AlarmSystemReport.Named.of(e.fingerprint(), e.asset(), e.kind(), e.failureMode()));
            }
            if ("chattering".equals(e.type())) chattering.add(e.fingerprint());
            if (!"raised".equals(e.type())) continue;
            activations++;
            perPeriod.merge(Math.floorDiv(e.time().getEpochSecond(), p), 1L, Long::sum);
            perAlert.merge(e.fingerprint(), 1L, Long::sum);
        }
        long flooded = perPeriod.values().stream().filter(n -> n > FLOOD).count();
        long peak = perPeriod.values().stream().mapToLong(Long::longValue).max().orElse(0);

        List<AlarmSystemReport.Stale> stale = new ArrayList<>();
        for (AlertState s : current) {
            if (!plant.equals(s.plant())) continue;
            // the current state names an alert best (an event of a reader older than the kind field has none)
            names.put(
                    s.fingerprint(), AlarmSystemReport.Named.of(s.fingerprint(), s.asset(), s.kind(), s.failureMode()));
            if (s.chattering()) chattering.add(s.fingerprint());
            Instant since = s.raisedAt() != null ? s.raisedAt() : s.receivedAt();
            if (s.closed() || since == null || !(s.active() || !s.acknowledged())) continue;
            if (since.plus(STALE_AFTER).isBefore(to)) {
                stale.add(new AlarmSystemReport.Stale(
                        s.fingerprint(),
                        s.asset(),
                        s.kind(),
                        s.failureMode(),
                        AlertWords.title(s.kind(), s.failureMode()),
                        since,
                        s.acknowledged()));
            }
        }
        stale.sort(Comparator.comparing(AlarmSystemReport.Stale::since));

        List<AlarmSystemReport.BadActor> bad = new ArrayList<>();
        long total = activations;
        perAlert.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(BAD_ACTORS)
                .forEach(e -> {
                    AlarmSystemReport.Named n = name(names, e.getKey());
                    bad.add(new AlarmSystemReport.BadActor(
                            n.fingerprint(),
                            n.asset(),
                            n.kind(),
                            n.failureMode(),
                            n.title(),
                            e.getValue(),
                            share(e.getValue(), total)));
                });
        long badSum =
                bad.stream().mapToLong(AlarmSystemReport.BadActor::activations).sum();
        return new AlarmSystemReport(
                plant,
                from,
                to,
                periods,
                activations,
                (double) activations / periods,
                peak,
                (double) flooded / periods,
                chattering.stream().map(fp -> name(names, fp)).toList(),
                stale,
                bad,
                share(badSum, total));
    }

    private static AlarmSystemReport.Named name(Map<String, AlarmSystemReport.Named> names, String fingerprint) {
        AlarmSystemReport.Named n = names.get(fingerprint);
        return n != null ? n : AlarmSystemReport.Named.of(fingerprint, null, null, null);
    }

    private static double share(long part, long total) {
        return total == 0 ? 0 : (double) part / total;
    }
}
