package io.pdm.federated.plant.updates;

import io.pdm.federated.protocol.FlJson;
import io.pdm.schemas.Topics;
import io.pdm.schemas.kafka.ModelUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Announces versions on {@code pdm.{plant}.model-updates.v1} as JSON {@link ModelUpdate}s keyed by plant.
 * {@link #publish} waits for the broker's acknowledgement so the caller can make the version current only once
 * the announcement is durable, and retry otherwise.
 */
public final class KafkaModelUpdatePublisher implements ModelUpdatePublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    /** @param producerOverrides extra producer settings (security, client id), applied last */
    public KafkaModelUpdatePublisher(String bootstrapServers, Map<String, Object> producerOverrides, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(producerOverrides);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.timeout = timeout;
    }

    public static String topic(String plant) {
        return Topics.modelUpdates(plant);
    }

    @Override
    public void publish(ModelUpdate update) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic(update.plant()), update.plant(), FlJson.write(update).getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "could not announce adapter version " + update.version() + " on " + record.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted announcing adapter version " + update.version(), e);
        }
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}
