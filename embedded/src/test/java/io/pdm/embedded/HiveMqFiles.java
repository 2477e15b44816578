package io.pdm.embedded;

import com.hivemq.mqtt.message.MessageWithID;
import com.hivemq.mqtt.message.publish.PUBLISH;
import com.hivemq.persistence.clientqueue.ClientQueuePersistenceImpl;
import com.hivemq.persistence.clientqueue.ClientQueuePersistenceSerializer;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Test access to a stopped HiveMQ CE's files (the layout {@link StaleQueueEntries} documents). */
final class HiveMqFiles {
    private HiveMqFiles() {}

    /** The payload id of the first in-flight (packet id set) message queued for {@code clientId}, if any. */
    static OptionalLong firstInFlightPayloadId(Path brokerDir, String clientId) throws Exception {
        Method decode =
                ClientQueuePersistenceSerializer.class.getDeclaredMethod("deserializeValue", ByteIterable.class);
        decode.setAccessible(true);
        Method decodeKey =
                ClientQueuePersistenceSerializer.class.getDeclaredMethod("deserializeKeyId", ByteIterable.class);
        decodeKey.setAccessible(true);
        ClientQueuePersistenceSerializer serializer = new ClientQueuePersistenceSerializer();
        for (Path bucket : buckets(brokerDir.resolve("data/persistence/client_queue"))) {
            Environment env = Environments.newInstance(bucket.toFile(), new EnvironmentConfig().setGcEnabled(false));
            try {
                OptionalLong id = env.computeInReadonlyTransaction(txn -> {
                    if (!env.storeExists("client_queue", txn)) return OptionalLong.empty();
                    Store store = env.openStore("client_queue", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn);
                    try (Cursor c = store.openCursor(txn)) {
                        while (c.getNext()) {
                            MessageWithID m = (MessageWithID) decode.invoke(serializer, c.getValue());
                            var key = (ClientQueuePersistenceImpl.Key) decodeKey.invoke(serializer, c.getKey());
                            if (m instanceof PUBLISH p
                                    && p.getPacketIdentifier() != 0
                                    && key.getQueueId().equals(clientId)) {
                                return OptionalLong.of(p.getPublishId());
                            }
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                    return OptionalLong.empty();
                });
                if (id.isPresent()) return id;
            } finally {
                env.close();
            }
        }
        return OptionalLong.empty();
    }

    /** Deletes one payload from the RocksDB payload store (8-byte big-endian keys), as HiveMQ's cleanup would. */
    static boolean deletePayload(Path brokerDir, long id) throws Exception {
        RocksDB.loadLibrary();
        byte[] key = ByteBuffer.allocate(8).putLong(id).array();
        boolean deleted = false;
        for (Path bucket : buckets(brokerDir.resolve("data/persistence/publish_payload_store"))) {
            try (Options options = new Options();
                    RocksDB db = RocksDB.open(options, bucket.toString())) {
                if (db.get(key) != null) {
                    db.delete(key);
                    deleted = true;
                }
            }
        }
        return deleted;
    }

    private static List<Path> buckets(Path store) throws Exception {
        try (var paths = Files.walk(store, 2)) {
            return paths.filter(p -> p.getNameCount() - store.getNameCount() == 2 && Files.isDirectory(p))
                    .sorted()
                    .toList();
        }
    }
}
