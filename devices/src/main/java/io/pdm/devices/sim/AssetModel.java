package io.pdm.devices.sim;

import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.mqtt.MaintenanceLogPayload;
import io.pdm.schemas.mqtt.PayloadJson;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import io.pdm.schemas.mqtt.WaveformBlockPayload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One centrifugal pump set (VFD-driven motor + pump) and its maintenance crew. Pure state machine:
 * {@link #advance} moves it one tick and appends the messages it would publish. Equations: docs/simulator.md.
 */
final class AssetModel {
    /** Offset c in dw/dt = r·L(n)·(w + c): wear grows exponentially, but from a non-zero start. */
    static final double C = 0.05;
    /** ln((1 + c) / (E[w0] + c)): life in units of 1/r for a component fitted with E[w0] = 0.025. */
    static final double LIFE_CONSTANT = Math.log((1 + C) / (0.025 + C));
    /** Wear at which the condition becomes obvious (alarm / operator complaint) and a repair is scheduled. */
    static final double ALARM_WEAR = 0.6;
    /** Wear from which a walk-round inspection may notice the problem (with probability = wear). */
    static final double NOTICE_WEAR = 0.4;
    /** Other mode's wear above which a repair fixes it too (the pump is open anyway). */
    static final double OPPORTUNISTIC_WEAR = ALARM_WEAR;

    static final double PLANNED_DOWN_MS = 2 * 3_600_000.0, FAILURE_DOWN_MS = 6 * 3_600_000.0;
    static final double TEMP_TAU_MS = 20 * 60_000.0;
    private static final double MEAN_N3 = Regime.meanPower(3), MEAN_N2 = Regime.meanPower(2);
    final String plant, asset, telemetryTopic, maintenanceTopic;
    private final FleetConfig cfg;
    private final PlantCrew crew;
    private final SplittableRandom rng, badRng;
    private final double ratedRpm,
            ratedFlow,
            ratedPressure,
            ratedCurrent,
            idleCurrent,
            unbalanceG,
            bpfoRatio,
            resonanceHz;
    private final double meanLifeMs;
    private final double[] baseRate = new double[2], lifeMult = new double[2], wear = new double[2];
    private final long[] repairAt = {-1, -1};
    private final int[] repairs = new int[2], failures = new int[2];

    private Regime regime;
    private long regimeUntil, nextWaveform, nextInspection;
    private int inspections;
    private double temperature, lastVibRms;
    private long downUntil = -1;
    /**
     * Simulated time (ms, negative before the start) of the pump's newest restoring maintenance: the last repair's
     * completion, or before the first one the fitting of its newer component implied by the wear it starts with.
     */
    private long renewedAtMs;

    private FailureMode downFor;
    private boolean downFailed;
    /** What the technician saw when the pump was stopped; quoted in the work order written after the repair. */
    private WorkOrders.Readings atStop;

    /** Work-order numbering and technicians, shared by a plant's assets. */
    static final class PlantCrew {
        final List<String> technicians;
        long nextWo;

        PlantCrew(SplittableRandom rng) {
            technicians = WorkOrders.crew(rng);
            nextWo = 100_000 + rng.nextInt(800_000);
        }
    }

    AssetModel(
            FleetConfig cfg,
            String plant,
            String asset,
            int globalIndex,
            PlantCrew crew,
            SplittableRandom rng,
            SplittableRandom badRng) {
        this.cfg = cfg;
        this.plant = plant;
        this.asset = asset;
        this.crew = crew;
        this.rng = rng;
        this.badRng = badRng;
        this.telemetryTopic = MqttTopics.telemetry(plant, asset);
        this.maintenanceTopic = MqttTopics.maintenance(plant, asset);
        // Nameplates differ between assets: 2-pole or 4-pole motors, different pump sizes and bearings.
        ratedRpm = rng.nextBoolean() ? 2950 : 1475;
        ratedFlow = 80 + 120 * rng.nextDouble();
        ratedPressure = 4 + 4 * rng.nextDouble();
        ratedCurrent = 0.2 * ratedFlow * ratedPressure / 4 + 10;
        idleCurrent = 0.25 * ratedCurrent;
        unbalanceG = 0.05 + 0.05 * rng.nextDouble();
        bpfoRatio = 3.0 + 0.6 * rng.nextDouble();
        resonanceHz = 1500 + 700 * rng.nextDouble();
        meanLifeMs = cfg.meanLife().toMillis();
        lastVibRms = 0.75 * unbalanceG;
        double youngestMs = Double.POSITIVE_INFINITY;
        for (int m = 0; m < 2; m++) {
            baseRate[m] = LIFE_CONSTANT / meanLifeMs * Math.exp(0.35 * rng.nextGaussian());
            lifeMult[m] = Math.exp(0.2 * rng.nextGaussian());
            // The fleet starts at mixed ages: a uniform fraction (0–85 %) of this component's life is used up.
            double u = 0.85 * rng.nextDouble(), w0 = 0.05 * rng.nextDouble();
            wear[m] = (w0 + C) * Math.exp(LIFE_CONSTANT * u) - C;
            // That wear took LIFE_CONSTANT·u / (r·m_life) at average load since the component was fitted new: the
            // plant's records would show that fitting, so a component's age is known from the first step on.
            youngestMs = Math.min(youngestMs, LIFE_CONSTANT * u / (baseRate[m] * lifeMult[m]));
        }
        renewedAtMs = -Math.round(youngestMs);
        regime = Regime.values()[rng.nextInt(Regime.values().length)];
        regimeUntil = dwell();
        temperature = ambient(0) + 30 * sq(regime.speedRatio) + 45 * sq(wear[0]);
        long tick = cfg.snapshotInterval().toMillis(),
                wf = cfg.waveformInterval().toMillis();
        // Stagger blocks across assets so the fleet does not send them all in the same tick.
        nextWaveform = tick + (globalIndex * tick) % Math.max(wf, tick);
        nextInspection = (long) (rng.nextDouble() * cfg.inspectionInterval().toMillis());
    }

    /** Moves to simulated time t (ms since start) after a tick of dtMs and appends what is published at t. */
    void advance(long t, long dtMs, List<SimMessage> out) {
        if (downUntil >= 0 && t >= downUntil) completeRepair(out);
        boolean running = downUntil < 0;
        double n = 0;
        if (running) {
            if (t >= regimeUntil) {
                regime = Regime.next(regime, rng);
                regimeUntil = t + dwell();
            }
            n = regime.speedRatio * (1 + 0.003 * rng.nextGaussian());
            degrade(n, dtMs);
            for (FailureMode m : FailureMode.values()) {
                int i = m.ordinal();
                if (wear[i] >= 1) {
                    failures[i]++;
                    goDown(t, m, true);
                    running = false;
                    break;
                }
                // Once a fault is obvious, planning fits the job in after an exponential delay (mean 15 % of
                // a life), so some assets still fail before the repair: both outcomes appear in the data.
                if (wear[i] >= ALARM_WEAR && repairAt[i] < 0)
                    repairAt[i] = t + (long) (-Math.log(1 - rng.nextDouble()) * 0.15 * meanLifeMs);
                if (repairAt[i] >= 0 && t >= repairAt[i]) {
                    goDown(t, m, false);
                    running = false;
                    break;
                }
            }
            if (!running) n = 0;
        }
        double b = wear[0], s = wear[1];
        double target = ambient(t) + (running ? 30 * n * n + 45 * b * b : 0);
        temperature += (target - temperature) * (1 - Math.exp(-dtMs / TEMP_TAU_MS));
        Instant ts = cfg.start().plusMillis(t);
        Map<String, Double> values = new TreeMap<>();
        values.put("temperature_c", r2(temperature + 0.2 * rng.nextGaussian()));
        if (running) {
            values.put("speed_rpm", r1(ratedRpm * n + 2 * rng.nextGaussian()));
            values.put("flow_m3h", r2(ratedFlow * n * (1 - 0.30 * s * s) + 0.01 * ratedFlow * rng.nextGaussian()));
            values.put(
                    "pressure_bar",
                    r2(ratedPressure * n * n * (1 - 0.35 * s * s) + 0.01 * ratedPressure * rng.nextGaussian()));
            values.put(
                    "current_a",
                    r2(idleCurrent
                            + (ratedCurrent - idleCurrent) * n * n * n * (1 + 0.25 * s * s + 0.10 * b * b)
                            + 0.3 * rng.nextGaussian()));
        } else {
            values.put("speed_rpm", 0.0);
            values.put("flow_m3h", 0.0);
            values.put("pressure_bar", r2(0.3 + 0.01 * rng.nextGaussian())); // static head of the suction tank
            values.put("current_a", 0.0);
        }
        ScalarSnapshotPayload snapshot = new ScalarSnapshotPayload(ts, values);
        out.add(new SimMessage(telemetryTopic, PayloadJson.toBytes(snapshot), SimMessage.Kind.SNAPSHOT));
        if (cfg.malformedFraction() > 0 && badRng.nextDouble() < cfg.malformedFraction()) {
            out.add(Malformed.of(badRng, plant, asset, ts, values));
        }
        if (t >= nextWaveform) {
            // No block while stopped: condition-monitoring units trigger on a running machine.
            if (running) {
                float[] x = VibrationModel.block(
                        rng,
                        cfg.waveformSamples(),
                        cfg.waveformRateHz(),
                        values.get("speed_rpm"),
                        n,
                        b,
                        s,
                        unbalanceG,
                        bpfoRatio,
                        resonanceHz);
                lastVibRms = VibrationModel.rms(x);
                out.add(new SimMessage(
                        telemetryTopic,
                        PayloadJson.toBytes(new WaveformBlockPayload(ts, "vibration", cfg.waveformRateHz(), x)),
                        SimMessage.Kind.WAVEFORM));
            }
            long wf = cfg.waveformInterval().toMillis();
            while (nextWaveform <= t) nextWaveform += wf;
        }
        if (t >= nextInspection) {
            if (running) inspect(t, values, out);
            while (nextInspection <= t)
                nextInspection += cfg.inspectionInterval().toMillis();
        }
    }

    /** When the pump's newest restoring maintenance happened (see {@link #renewedAtMs}). */
    Instant renewedAt() {
        return cfg.start().plusMillis(renewedAtMs);
    }

    AssetStatus status() {
        return new AssetStatus(
                plant,
                asset,
                regime,
                downUntil < 0,
                wear[0],
                wear[1],
                repairs[0],
                repairs[1],
                failures[0],
                failures[1]);
    }

    /** dw/dt = r · m_life · L(n) · (w + c), L normalised so the fleet-average load gives the configured mean life. */
    private void degrade(double n, long dtMs) {
        double[] load = {n * n * n / MEAN_N3, n * n / MEAN_N2}; // bearing: ∝ shaft power; seal: ∝ pressure
        for (int i = 0; i < 2; i++) wear[i] += baseRate[i] * lifeMult[i] * load[i] * (wear[i] + C) * dtMs;
    }

    private void goDown(long t, FailureMode mode, boolean failed) {
        downFor = mode;
        downFailed = failed;
        double downMs = failed ? FAILURE_DOWN_MS : PLANNED_DOWN_MS;
        downUntil = t + (long) downMs;
        atStop = readings(lastPressure(), lastFlow(), downMs);
    }

    private void completeRepair(List<SimMessage> out) {
        long t = downUntil;
        int i = downFor.ordinal();
        FailureMode other = downFor == FailureMode.BEARING ? FailureMode.SEAL : FailureMode.BEARING;
        FailureMode alsoFixed = wear[other.ordinal()] >= OPPORTUNISTIC_WEAR ? other : null;
        WorkOrders.Entry e = WorkOrders.repair(rng, downFor, downFailed, alsoFixed, atStop);
        if (!downFailed) repairs[i]++;
        renew(i);
        if (alsoFixed != null) {
            repairs[alsoFixed.ordinal()]++;
            renew(alsoFixed.ordinal());
        }
        downUntil = -1;
        downFor = null;
        renewedAtMs = t;
        emitLog(t, e, out);
    }

    /** A fitted component starts with a little wear (run-in, fitting quality) and its own life multiplier. */
    private void renew(int i) {
        wear[i] = 0.05 * rng.nextDouble();
        lifeMult[i] = Math.exp(0.2 * rng.nextGaussian());
        repairAt[i] = -1;
    }

    private void inspect(long t, Map<String, Double> values, List<SimMessage> out) {
        inspections++;
        boolean bearing = wear[0] >= NOTICE_WEAR && rng.nextDouble() < wear[0];
        boolean seal = !bearing && wear[1] >= NOTICE_WEAR && rng.nextDouble() < wear[1];
        WorkOrders.Readings r = readings(values.get("pressure_bar"), values.get("flow_m3h"), 0);
        WorkOrders.Entry e = !bearing && !seal && inspections % 3 == 0
                ? WorkOrders.lubrication(rng, r)
                : WorkOrders.inspection(rng, bearing, seal, r);
        if (bearing || seal) {
            int i = bearing ? 0 : 1;
            long due = t + (long) ((4 + 20 * rng.nextDouble()) * 3_600_000.0); // a work order for the next 4–24 h
            if (repairAt[i] < 0 || due < repairAt[i]) repairAt[i] = due;
        }
        emitLog(t, e, out);
    }

    private void emitLog(long t, WorkOrders.Entry e, List<SimMessage> out) {
        String id = "wo-" + plant + "-" + crew.nextWo;
        crew.nextWo += 1 + rng.nextInt(25); // other trades' work orders take the numbers in between
        String tech = crew.technicians.get(rng.nextInt(crew.technicians.size()));
        MaintenanceLogPayload log =
                new MaintenanceLogPayload(id, cfg.start().plusMillis(t), e.action(), e.component(), tech, e.text());
        out.add(new SimMessage(maintenanceTopic, PayloadJson.toBytes(log), SimMessage.Kind.MAINTENANCE));
    }

    private WorkOrders.Readings readings(double pressure, double flow, double downMs) {
        return new WorkOrders.Readings(asset, temperature, lastVibRms, pressure, flow, downMs / 3_600_000.0);
    }

    // Noise-free model values at the current operating point.
    private double lastPressure() {
        return ratedPressure * sq(regime.speedRatio) * (1 - 0.35 * sq(wear[1]));
    }

    private double lastFlow() {
        return ratedFlow * regime.speedRatio * (1 - 0.30 * sq(wear[1]));
    }

    private long dwell() {
        double mean = cfg.regimeDwell().toMillis();
        return (long) Math.max(mean / 9, -Math.log(1 - rng.nextDouble()) * mean);
    }

    /** Daily cycle: 16 °C at 03:00 UTC, 28 °C at 15:00 UTC. */
    private double ambient(long t) {
        double hour = Math.floorMod(cfg.start().toEpochMilli() + t, 86_400_000L) / 3_600_000.0;
        return 22 + 6 * Math.sin(2 * Math.PI * (hour - 9) / 24);
    }

    private static double sq(double x) {
        return x * x;
    }

    private static double r1(double x) {
        return Math.round(x * 10) / 10.0;
    }

    private static double r2(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
