package io.pdm.features.flink;

import io.pdm.features.records.DeadLetter;
import io.pdm.features.store.Rejections;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The store's rejections to the plant's dead-letter topic, as DeadLetterRecords with the same
 * headers as every other dead letter ({@link KafkaSerializers.DeadLetterSchema}). Synchronous: a
 * batch of readings commits only after Kafka acknowledged its rejections (acks=all), so a crash in
 * between re-sends them (at least once) rather than losing them.
 *
 * <p>A plain producer inside the store's sink rather than a Flink side output: the conflict is only
 * known once PostgreSQL compared the value with the stored one, inside the sink.
 */
public final class KafkaDeadLetters implements Rejections {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String topic;
    private final HashMap<String, String> security; // a HashMap: the sink is serialised into the job graph
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient KafkaSerializers.DeadLetterSchema schema;

    /**
     * @param security the Kafka client security properties of the job ({@code KafkaSecurity.clientProperties()}), as
     *                 the job's own Kafka sinks get them
     */
    public KafkaDeadLetters(String bootstrapServers, String topic, Map<String, String> security) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.security = new HashMap<>(security);
    }

    @Override
    public void reject(List<DeadLetter> letters) throws IOException {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(security);
            config.putAll(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "pdm-store-rejections-" + topic,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName()));
            producer = new KafkaProducer<>(config);
            schema = new KafkaSerializers.DeadLetterSchema(topic);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
        for (DeadLetter d : letters) sent.add(producer.send(schema.serialize(d, null, null)));
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) f.get();
        } catch (ExecutionException e) {
            throw new IOException("dead letter not acknowledged by Kafka: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dead-lettering", e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
