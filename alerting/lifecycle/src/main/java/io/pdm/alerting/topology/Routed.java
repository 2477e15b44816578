package io.pdm.alerting.topology;

import io.pdm.alerting.lifecycle.Candidate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * An input on its way to the task that owns its asset: the original bytes (decoded again there, which is cheaper than
 * a second format), what they are, and the asset that routes them. Every alert of one asset lives in one task, so
 * racing candidates of a fingerprint are applied one after the other and inhibition between an asset's alerts needs
 * no other task. A silence has no asset: it goes to every partition.
 *
 * <p>{@code reroute}: the input arrived on a partition other than its asset's (a producer that keys differently, a
 * topic with another partition count) or is a silence, so it must cross the {@code by-asset} repartition topic;
 * everything else is applied by the task that read it. {@code candidate}: the candidate as the decoder read it, so
 * the task that read it need not decode the Avro again (a tenth of the thread in the bench's profile). Neither is on
 * the wire: after the hop the input has arrived, and is read there.
 *
 * <p>Wire format: kind (1 byte), asset length (2 bytes, -1 for none), asset (UTF-8), payload.
 */
record Routed(Kind kind, String asset, byte[] payload, boolean reroute, Candidate candidate) {
    Routed(Kind kind, String asset, byte[] payload) {
        this(kind, asset, payload, false, null);
    }

    enum Kind {
        CANDIDATE,
        COMMAND,
        /** Refused before routing: {@code payload} is the encoded dead letter, the headers say why. */
        DEAD_LETTER
    }

    static final Serde<Routed> SERDE = Serdes.serdeFrom(new Ser(), new De());

    /** Hash of the asset like Kafka's default partitioner; every partition for a silence (KIP-837 multicast). */
    static final StreamPartitioner<String, Routed> BY_ASSET = (topic, key, value, partitions) -> {
        if (value.asset() == null) {
            java.util.Set<Integer> all = new java.util.HashSet<>();
            for (int p = 0; p < partitions; p++) all.add(p);
            return java.util.Optional.of(all);
        }
        return java.util.Optional.of(java.util.Set.of(partitionOf(value.asset(), partitions)));
    };

    /**
     * The partition Kafka's default partitioner picks for a record keyed by {@code asset} (a UTF-8 string key): where
     * inference's candidates and the inbox's commands land, and so the task that owns the asset.
     */
    static int partitionOf(String asset, int partitions) {
        return Utils.toPositive(Utils.murmur2(asset.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static final class Ser implements Serializer<Routed> {
        @Override
        public byte[] serialize(String topic, Routed r) {
            if (r == null) return null;
            byte[] asset = r.asset() == null ? new byte[0] : r.asset().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(3 + asset.length + r.payload().length);
            b.put((byte) r.kind().ordinal());
            b.putShort(r.asset() == null ? -1 : (short) asset.length);
            b.put(asset);
            b.put(r.payload());
            return b.array();
        }
    }

    private static final class De implements Deserializer<Routed> {
        @Override
        public Routed deserialize(String topic, byte[] data) {
            if (data == null) return null;
            ByteBuffer b = ByteBuffer.wrap(data);
            Kind kind = Kind.values()[b.get()];
            short length = b.getShort();
            String asset = null;
            if (length >= 0) {
                byte[] a = new byte[length];
                b.get(a);
                asset = new String(a, StandardCharsets.UTF_8);
            }
            byte[] payload = new byte[b.remaining()];
            b.get(payload);
            return new Routed(kind, asset, payload);
        }
    }
}
