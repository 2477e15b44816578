package io.pdm.alerting.topology;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store that keeps nothing, under Kafka Streams' record cache: what the cache holds until the commit is all that is
 * wanted (the latest state per fingerprint, published once per commit), and the {@code alerts} store already keeps
 * every state. Without it the table in front of the state topic would hold a second copy of every alert's JSON.
 * Not logged (nothing to restore): a commit always flushes the cache first, so nothing committed depends on it.
 */
final class DiscardingStore implements KeyValueStore<Bytes, byte[]> {
    private final String name;
    private volatile boolean open;

    private DiscardingStore(String name) {
        this.name = name;
    }

    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new DiscardingStore(name);
            }

            @Override
            public String metricsScope() {
                return "discarding";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {});
        open = true;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    @Override
    public void put(Bytes key, byte[] value) {}

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return null;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {}

    @Override
    public byte[] delete(Bytes key) {
        return null;
    }

    @Override
    public byte[] get(Bytes key) {
        return null;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return empty();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return empty();
    }

    @Override
    public long approximateNumEntries() {
        return 0;
    }

    private static KeyValueIterator<Bytes, byte[]> empty() {
        return new KeyValueIterator<>() {
            @Override
            public void close() {}

            @Override
            public Bytes peekNextKey() {
                throw new java.util.NoSuchElementException();
            }

            @Override
            public boolean hasNext() {
                return false;
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                throw new java.util.NoSuchElementException();
            }
        };
    }
}
