package io.pdm.alerting.topology;

import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's alerts: the {@code alerts} store (the source of truth, changelogged) with the decoded states kept in
 * memory in front of it. Decoding an alert's JSON from the store on every candidate was a quarter of the topology's
 * CPU time in the bench's profile (mostly parsing ISO-8601 instants), so a state is decoded once, when it is first
 * read after the task starts, and then served from here.
 *
 * <p>The store keeps the contract's JSON (its changelog reads like the public state topic, byte for byte), and a
 * changed state is encoded once: {@link #put} returns the bytes the store wrote, which the processor publishes on the
 * state topic ({@link #SERDE} remembers what it last encoded on this thread).
 *
 * <p>Safe under exactly-once: when a transaction aborts, Kafka Streams closes the task dirty, wipes and restores its
 * stores and initialises the processor again, which {@link #clear clears} this memory; nothing here outlives what the
 * store holds. Bounded ({@link #MAX_CACHED} per task, least recently used out first): an evicted state is simply read
 * from the store again.
 */
final class AlertStates {
    static final int MAX_CACHED = 20_000;

    /** The store's serde: the contract JSON, with a one-entry memo so the store and the state topic share one encoding. */
    static final Serde<AlertState> SERDE = Serdes.serdeFrom((topic, s) -> s == null ? null : encode(s), (topic, b) -> {
        if (b == null) return null;
        try {
            return AlertJson.state(b);
        } catch (IOException e) {
            throw new SerializationException("stored AlertState unreadable", e);
        }
    });

    private record Encoded(AlertState state, byte[] json) {}

    /** Per stream thread (the serde is shared by every task's store); identity, not equality, decides a hit. */
    private static final ThreadLocal<Encoded> LAST = new ThreadLocal<>();

    private final KeyValueStore<String, AlertState> store;
    private final Map<String, AlertState> decoded = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AlertState> eldest) {
            boolean out = size() > MAX_CACHED;
            if (out) complete = false;
            return out;
        }
    };
    /**
     * Every alert of the task is in memory (all were read at start and none evicted since), so a fingerprint not
     * here has no alert: no store read. Most lookups of absent fingerprints are the whole asset's alert that
     * inhibition asks about on every candidate of a part.
     */
    private boolean complete;

    AlertStates(KeyValueStore<String, AlertState> store) {
        this.store = store;
    }

    /** The alert of a fingerprint, null when there is none. */
    AlertState get(String fingerprint) {
        AlertState s = decoded.get(fingerprint);
        if (s == null && !complete) {
            s = store.get(fingerprint);
            if (s != null) decoded.put(fingerprint, s);
        }
        return s;
    }

    /** Stores the state and returns its JSON (the very bytes the store and its changelog got). */
    byte[] put(AlertState s) {
        store.put(s.fingerprint(), s);
        decoded.put(s.fingerprint(), s);
        return encode(s);
    }

    void delete(String fingerprint) {
        store.delete(fingerprint);
        decoded.remove(fingerprint);
    }

    /** Forgets every decoded state: the task (re)starts, and its store may have been restored to an earlier commit. */
    void clear() {
        decoded.clear();
        complete = false;
    }

    /** Every stored alert has been {@link #remember remembered} since the last {@link #clear}. */
    void loaded() {
        complete = decoded.size() <= MAX_CACHED;
    }

    /** Remembers a state read while the task starts, so its first candidate need not decode it again. */
    void remember(AlertState s) {
        decoded.put(s.fingerprint(), s);
    }

    static byte[] encode(AlertState s) {
        Encoded last = LAST.get();
        if (last != null && last.state() == s) return last.json();
        byte[] json = StateJson.state(s);
        LAST.set(new Encoded(s, json));
        return json;
    }
}
