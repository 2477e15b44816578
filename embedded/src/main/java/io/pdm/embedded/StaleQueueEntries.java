package io.pdm.embedded;

import com.hivemq.mqtt.message.MessageWithID;
import com.hivemq.mqtt.message.publish.PUBLISH;
import com.hivemq.persistence.clientqueue.ClientQueuePersistenceSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, before HiveMQ CE opens its file persistence, every queued message whose payload is gone. Why (issue 14,
 * {@code CrashRecoveryIT} on a loaded machine):
 *
 * <ol>
 *   <li>HiveMQ CE 2025.5 keeps a client's queue in Xodus and the payloads in RocksDB. When a subscriber acknowledges a
 *       message, the queue entry is removed in a Xodus transaction whose body already drops the payload's reference
 *       count; at zero, a cleanup thread (every 250 ms) deletes the payload. On a busy machine that thread can run
 *       before the removing thread has committed, and a {@code kill -9} in between leaves the entry on disk without
 *       its payload. The message itself was acknowledged by the subscriber (a payload reaches zero references only
 *       when every entry for it was removed), or, when the kill falls between storing a new entry and its payload,
 *       never acknowledged to the device.
 *   <li>At the restart HiveMQ re-sends the subscriber's in-flight messages. For the entry without payload it tries to
 *       drop it, in an exclusive Xodus transaction nested in the read-only one of the re-send ({@code ExodusException:
 *       Current transaction should be exclusive}, logged as "Exception in inflight messages handling"). The re-send
 *       is abandoned and the session's queue is never polled again: every message queued for ingest from then on is
 *       acknowledged to its device and never delivered, at every later restart too.
 * </ol>
 *
 * Dropping those entries first is what HiveMQ meant to do, without the failing transaction. It also keeps their
 * reference counts out of HiveMQ's start-up count, which would otherwise make a new message that reuses the id skip
 * storing its payload. Only the RocksDB payload store (HiveMQ's default) is checked; with another one nothing is done.
 */
final class StaleQueueEntries {
    private static final Logger LOG = LoggerFactory.getLogger(StaleQueueEntries.class);
    private static final String QUEUE = "client_queue";
    private static final String PAYLOADS = "publish_payload_store";
    private static final Method DESERIALIZE_VALUE = deserializer();

    private StaleQueueEntries() {}

    /**
     * Drops the stale entries under {@code hivemqDataDir} (HiveMQ's data folder, holding {@code persistence/}) and
     * returns how many. Call it only while no broker has the folder open.
     */
    static int drop(Path hivemqDataDir) {
        Path persistence = hivemqDataDir.resolve("persistence");
        List<Path> queueBuckets = buckets(persistence.resolve(QUEUE), v -> true);
        List<Path> payloadBuckets = buckets(persistence.resolve(PAYLOADS), v -> v.endsWith("_R"));
        if (queueBuckets.isEmpty() || payloadBuckets.isEmpty()) return 0;
        long[] payloadIds = null; // read only when some queue holds a message
        int dropped = 0;
        ClientQueuePersistenceSerializer serializer = new ClientQueuePersistenceSerializer();
        EnvironmentConfig config = new EnvironmentConfig().setGcEnabled(false).setManagementEnabled(false);
        for (Path bucket : queueBuckets) {
            Environment env = Environments.newInstance(bucket.toFile(), config);
            try {
                if (!env.computeInReadonlyTransaction(txn -> env.storeExists(QUEUE, txn))) continue;
                if (payloadIds == null && hasEntries(env)) payloadIds = payloadIds(payloadBuckets);
                if (payloadIds == null) continue;
                long[] ids = payloadIds;
                dropped += env.computeInExclusiveTransaction(txn -> {
                    Store store = env.openStore(QUEUE, StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn);
                    int n = 0;
                    try (Cursor cursor = store.openCursor(txn)) {
                        while (cursor.getNext()) {
                            if (cursor.getValue() == null) continue;
                            MessageWithID m = deserialize(serializer, cursor.getValue());
                            if (m instanceof PUBLISH p && Arrays.binarySearch(ids, p.getPublishId()) < 0) {
                                LOG.debug(
                                        "dropping queued message {} (packet id {}): its payload is gone",
                                        p.getUniqueId(),
                                        p.getPacketIdentifier());
                                cursor.deleteCurrent();
                                n++;
                            }
                        }
                    }
                    return n;
                });
            } finally {
                env.close();
            }
        }
        if (dropped > 0) {
            LOG.warn(
                    "MQTT persistence in {}: dropped {} queued message(s) whose payload a crash had already deleted (each"
                            + " acknowledged by its subscriber before the crash, or never acknowledged to its device);"
                            + " HiveMQ CE would otherwise stop delivering to that session",
                    hivemqDataDir,
                    dropped);
        }
        return dropped;
    }

    private static boolean hasEntries(Environment env) {
        return env.computeInReadonlyTransaction(txn -> {
            Store store = env.openStore(QUEUE, StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn);
            return store.count(txn) > 0;
        });
    }

    /** Every payload id in HiveMQ's RocksDB payload store (keys are 8-byte big-endian ids), sorted. */
    private static long[] payloadIds(List<Path> buckets) {
        RocksDB.loadLibrary();
        long[] ids = new long[1024];
        int n = 0;
        for (Path bucket : buckets) {
            // read-only: replays the write-ahead log in memory, as HiveMQ's own open will, and writes nothing
            try (Options options = new Options();
                    RocksDB db = RocksDB.openReadOnly(options, bucket.toString());
                    RocksIterator it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (n == ids.length) ids = Arrays.copyOf(ids, n * 2);
                    ids[n++] = ByteBuffer.wrap(it.key()).getLong();
                }
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot read HiveMQ's payload store " + bucket, e);
            }
        }
        long[] sorted = Arrays.copyOf(ids, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The bucket folders ({@code name/<version>/name_<i>}) of the versions accepted by {@code version}. */
    private static List<Path> buckets(Path store, java.util.function.Predicate<String> version) {
        if (!Files.isDirectory(store)) return List.of();
        try (Stream<Path> versions = Files.list(store)) {
            return versions.filter(v ->
                            Files.isDirectory(v) && version.test(v.getFileName().toString()))
                    .flatMap(StaleQueueEntries::children)
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HiveMQ's own (package-private) decoding of a queue entry, so the format is never ours to keep in step. */
    private static Method deserializer() {
        try {
            Method m = ClientQueuePersistenceSerializer.class.getDeclaredMethod("deserializeValue", ByteIterable.class);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("HiveMQ CE's queue serializer changed: " + e);
        }
    }

    private static MessageWithID deserialize(ClientQueuePersistenceSerializer s, ByteIterable value) {
        try {
            return (MessageWithID) DESERIALIZE_VALUE.invoke(s, value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot decode a HiveMQ queue entry", e);
        }
    }
}
