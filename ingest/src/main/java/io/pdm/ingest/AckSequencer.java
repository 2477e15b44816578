package io.pdm.ingest;

/**
 * Acknowledges MQTT messages of one connection in arrival order, each only after its Kafka send
 * completed. MQTT requires PUBACKs in the order the PUBLISH packets arrived [MQTT-4.6.0-2], but
 * Kafka completes sends out of order (different partitions and topics), so completions are recorded
 * in a ring and the longest completed prefix is acknowledged.
 *
 * <p>{@link #register} is called by the single delivery thread of the connection; {@link #complete}
 * and {@link #fail} from any thread (Kafka's I/O thread). A failed send poisons the sequencer: no
 * further acks are sent, because acking a later message would skip the failed one; the owner
 * reconnects so the broker redelivers everything unacked (possibly duplicating, never losing).
 * After a disconnect the owner {@link #retire}s the sequencer for the same reason: message ids
 * belong to one network connection.
 */
public final class AckSequencer {
    /** Sends the PUBACK; called under the sequencer's lock, in arrival order. */
    @FunctionalInterface
    public interface Acker {
        void ack(int messageId, int qos);
    }

    private final Acker acker;
    private int mask;
    private int[] ids;
    private byte[] qos;
    private boolean[] done;
    private long head; // next sequence number to acknowledge
    private long tail; // next sequence number to hand out
    private boolean stopped;

    /** @param capacity the most unacked messages in flight (the connection's receive maximum) */
    public AckSequencer(int capacity, Acker acker) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.acker = acker;
        this.mask = size - 1;
        this.ids = new int[size];
        this.qos = new byte[size];
        this.done = new boolean[size];
    }

    /**
     * Records an arrived message and returns its sequence number for {@link #complete}. A broker
     * that sends more than our receive maximum (Mosquitto 2.0 does with shared subscriptions) makes
     * the ring grow: refusing the message would leave it unacknowledged until the next reconnect.
     */
    public synchronized long register(int messageId, int messageQos) {
        if (tail - head > mask) grow();
        int slot = (int) (tail & mask);
        ids[slot] = messageId;
        qos[slot] = (byte) messageQos;
        done[slot] = false;
        return tail++;
    }

    private void grow() {
        int size = (mask + 1) * 2;
        int[] newIds = new int[size];
        byte[] newQos = new byte[size];
        boolean[] newDone = new boolean[size];
        for (long seq = head; seq < tail; seq++) {
            int from = (int) (seq & mask);
            int to = (int) (seq & (size - 1));
            newIds[to] = ids[from];
            newQos[to] = qos[from];
            newDone[to] = done[from];
        }
        ids = newIds;
        qos = newQos;
        done = newDone;
        mask = size - 1;
    }

    /** Slots currently allocated (grows beyond the initial capacity only when a broker overfills it). */
    public synchronized int capacity() {
        return mask + 1;
    }

    /** Marks a message as safely stored and acknowledges every message up to the first incomplete one. */
    public synchronized void complete(long seq) {
        if (stopped || seq < head || seq >= tail) return;
        done[(int) (seq & mask)] = true;
        while (head < tail && done[(int) (head & mask)]) {
            int slot = (int) (head & mask);
            head++;
            acker.ack(ids[slot], qos[slot]);
        }
    }

    /** A send failed: stop acknowledging (everything from here on will be redelivered). */
    public synchronized void fail(long seq) {
        stopped = true;
    }

    /** The connection this sequencer belongs to is gone: never acknowledge again. */
    public synchronized void retire() {
        stopped = true;
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    /** Messages registered but not yet acknowledged. */
    public synchronized int pending() {
        return (int) (tail - head);
    }
}
