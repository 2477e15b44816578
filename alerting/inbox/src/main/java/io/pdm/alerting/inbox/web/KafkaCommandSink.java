package io.pdm.alerting.inbox.web;

import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertJson;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.http.HttpStatus;

/**
 * Writes commands to {@code pdm.{plant}.alert-commands.v1}, keyed by the asset, acks=all and idempotent, and answers
 * only after the broker has them: an engineer who sees "sent" can rely on it. The key puts a command on the partition
 * of the lifecycle task that owns the asset (the alerts topic is keyed the same way), which applies it at once; a
 * silence has no asset and no key, and the lifecycle sends it on to every task itself.
 */
public final class KafkaCommandSink implements CommandSink, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public KafkaCommandSink(Properties clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pdm-inbox-commands");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(String plant, AlertCommand command) {
        try {
            producer.send(new ProducerRecord<>(
                            Topics.alertCommands(plant), command.asset(), AlertJson.toBytes(command)))
                    .get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(plant, e);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(plant, e);
        }
    }

    private static InboxProblem unavailable(String plant, Exception e) {
        return new InboxProblem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Command not sent",
                "could not write to " + Topics.alertCommands(plant) + " ("
                        + e.getClass().getSimpleName() + "); nothing was changed, try again");
    }

    @Override
    public void close() {
        producer.close();
    }
}
