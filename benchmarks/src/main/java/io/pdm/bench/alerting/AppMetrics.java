package io.pdm.bench.alerting;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What a Kafka Streams application in this JVM costs and where its time goes, read the way an operator would: CPU
 * time of its own threads (stream thread, its producer's network thread, heartbeat; not the embedded broker's), and
 * its clients' metrics from JMX (Kafka registers them there by default), so the bench needs no handle on the
 * application object.
 */
final class AppMetrics {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private AppMetrics() {}

    /** CPU nanoseconds used so far by the live threads whose name contains {@code applicationId}. */
    static long cpuNanos(String applicationId) {
        long sum = 0;
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || !infos[i].getThreadName().contains(applicationId)) continue;
            long t = THREADS.getThreadCpuTime(ids[i]);
            if (t > 0) sum += t;
        }
        return sum;
    }

    /**
     * Where a stream thread's time goes, averaged over the application's life: its commits (each an exactly-once
     * transaction commit with the input offsets), polls and processing, and its consumer's fetch latency.
     */
    record Components(
            double commits,
            double commitAvgMs,
            double commitMaxMs,
            double txnCommitAvgMs,
            double sendOffsetsAvgMs,
            double pollAvgMs,
            double processAvgMs,
            double fetchAvgMs,
            double fetchMaxMs) {
        String report() {
            return String.format(
                    Locale.ROOT,
                    "%,.0f commits: commit avg %.1f ms, max %.1f ms (of which transaction commit %.1f ms, offsets"
                            + " %.1f ms); poll avg %.1f ms; process avg %.3f ms; consumer fetch avg %.1f ms, max %.1f ms",
                    commits,
                    commitAvgMs,
                    commitMaxMs,
                    txnCommitAvgMs,
                    sendOffsetsAvgMs,
                    pollAvgMs,
                    processAvgMs,
                    fetchAvgMs,
                    fetchMaxMs);
        }
    }

    /** The components of the (first) stream thread of the application; NaN where a metric is missing. */
    static Components components(String applicationId) {
        String thread = "kafka.streams:type=stream-thread-metrics,thread-id=*";
        String producer = "kafka.producer:type=producer-metrics,client-id=*";
        String fetch = "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*";
        double commits = read(thread, applicationId, "commit-total");
        double txnCommitNs = read(producer, applicationId, "txn-commit-time-ns-total");
        double offsetsNs = read(producer, applicationId, "txn-send-offsets-time-ns-total");
        return new Components(
                commits,
                read(thread, applicationId, "commit-latency-avg"),
                read(thread, applicationId, "commit-latency-max"),
                txnCommitNs / 1e6 / commits,
                offsetsNs / 1e6 / commits,
                read(thread, applicationId, "poll-latency-avg"),
                read(thread, applicationId, "process-latency-avg"),
                read(fetch, applicationId, "fetch-latency-avg"),
                read(fetch, applicationId, "fetch-latency-max"));
    }

    private static double read(String pattern, String applicationId, String attribute) {
        try {
            Set<ObjectName> names = JMX.queryNames(new ObjectName(pattern), null);
            for (ObjectName n : names) {
                if (!n.toString().contains(applicationId) || n.toString().contains("restore-consumer")) continue;
                if (n.toString().contains("global")) continue;
                Object v = JMX.getAttribute(n, attribute);
                if (v instanceof Number number) return number.doubleValue();
            }
        } catch (Exception e) {
            return Double.NaN; // a metric renamed in another Kafka version: the report says NaN
        }
        return Double.NaN;
    }
}
