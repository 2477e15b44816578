package io.pdm.devices.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link FleetSimulator} on one background thread and publishes its messages, pacing simulated
 * time at wall clock × speed. If publishing cannot keep up, it runs as fast as it can (the lag shows in
 * {@link #simulatedTime()}). Counters are safe to read from another thread for a progress line.
 */
public final class SimulatorPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorPublisher.class);

    /** Messages handed to the publisher, by kind; {@code failed} were refused by it. */
    public record Counts(long snapshots, long waveforms, long maintenance, long malformed, long failed) {
        public long total() {
            return snapshots + waveforms + maintenance + malformed;
        }
    }

    private final FleetSimulator sim;
    private final MqttPublisher out;
    private final boolean ownsOut;
    private final double speed;
    private final Duration duration;
    private final AtomicLongArray counts = new AtomicLongArray(SimMessage.Kind.values().length + 1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Instant simulatedTime;
    private volatile boolean stop;
    private Thread thread;

    /**
     * @param speed    simulated seconds per wall-clock second; {@code <= 0} or infinite means as fast as possible
     * @param duration simulated time after which the loop ends by itself; null runs until {@link #close()}
     */
    public SimulatorPublisher(FleetSimulator sim, MqttPublisher out, double speed, Duration duration) {
        this(sim, out, false, speed, duration);
    }

    private SimulatorPublisher(
            FleetSimulator sim, MqttPublisher out, boolean ownsOut, double speed, Duration duration) {
        this.sim = sim;
        this.out = out;
        this.ownsOut = ownsOut;
        this.speed = speed;
        this.duration = duration;
        this.simulatedTime = sim.now();
    }

    /** Connects a {@link PahoMqttPublisher} (client id {@code pdm-sim-<seed>}) that {@link #close()} also closes. */
    public static SimulatorPublisher connect(String brokerUrl, FleetSimulator sim, double speed, Duration duration) {
        String clientId =
                "pdm-sim-" + Long.toHexString(sim.seed()) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        return new SimulatorPublisher(sim, PahoMqttPublisher.connect(brokerUrl, clientId), true, speed, duration);
    }

    public synchronized SimulatorPublisher start() {
        if (thread != null) throw new IllegalStateException("already started");
        thread = new Thread(this::loop, "pdm-sim-publisher");
        // Daemon: a launcher that forgets close() must still be able to exit.
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            long tickMs = sim.tick().toMillis();
            long wallStart = System.nanoTime(), simStart = sim.elapsed().toMillis();
            boolean paced = speed > 0 && Double.isFinite(speed);
            while (!stop) {
                long elapsed = sim.elapsed().toMillis();
                if (duration != null && elapsed - simStart >= duration.toMillis()) break;
                if (paced) {
                    long due = wallStart + (long) ((elapsed + tickMs - simStart) * 1e6 / speed);
                    long waitNs = due - System.nanoTime();
                    if (waitNs > 0) {
                        // Short sleeps keep close() responsive.
                        Thread.sleep(Math.min(100, Math.max(1, waitNs / 1_000_000)));
                        continue;
                    }
                }
                List<SimMessage> batch = sim.step();
                for (SimMessage m : batch) {
                    try {
                        out.publish(m.topic(), m.payload());
                        counts.incrementAndGet(m.kind().ordinal());
                    } catch (IllegalStateException e) {
                        if (counts.incrementAndGet(SimMessage.Kind.values().length) <= 5)
                            LOG.warn("{}", e.getMessage());
                    }
                }
                simulatedTime = sim.now();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("simulator stopped", e);
        } finally {
            finished.countDown();
        }
    }

    public Counts counts() {
        return new Counts(counts.get(0), counts.get(1), counts.get(2), counts.get(3), counts.get(4));
    }

    /** Simulated time of the last published step. */
    public Instant simulatedTime() {
        return simulatedTime;
    }

    /** True once the configured duration has been published (or the loop stopped). */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the loop, waits for the thread, then (if it owns it) flushes and closes the MQTT client. */
    @Override
    public void close() {
        stop = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(2_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsOut) out.close();
    }
}
