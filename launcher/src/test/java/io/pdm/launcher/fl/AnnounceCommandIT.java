package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.federated.protocol.FlJson;
import io.pdm.launcher.Pdm;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.schemas.Topics;
import io.pdm.schemas.kafka.ModelUpdate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pdm fl announce} on a real broker: K adapter directories become one ensemble announcement on the plant's
 * model-updates topic, with the hashes the command computed; an adapter of another base is refused before anything
 * is published. (That inference serves such an announcement: InferenceServiceIT, EnsembleVersionIT.)
 */
class AnnounceCommandIT {
    @TempDir
    Path dir;

    /** A base directory and adapters of it: only their files' bytes matter to the command. */
    Path base() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve(ModelCheckpoint.WEIGHTS), "base weights");
        return base;
    }

    Path adapter(String name, String origin) throws IOException {
        Path a = Files.createDirectories(dir.resolve(name));
        Files.writeString(a.resolve(PeftAdapter.WEIGHTS_FILE), "weights of " + name);
        RemainingLifeModel.writeOrigin(a, origin);
        return a;
    }

    @Test
    void kAdaptersAreAnnouncedAsOneEnsembleVersion() throws Exception {
        Path base = base();
        String baseHash = ModelCheckpoint.baseHash(base);
        List<Path> members = new ArrayList<>();
        for (int k = 0; k < 3; k++) members.add(adapter("m" + k, baseHash));
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            kafka.createTopics(1, Topics.modelUpdates("plant-a"));
            List<String> args = new ArrayList<>(List.of(
                    "fl",
                    "announce",
                    "--plant",
                    "plant-a",
                    "--version",
                    "12",
                    "--base",
                    base.toString(),
                    "--asset-type",
                    "pump",
                    "--seeds",
                    "42,43,44",
                    "--kafka",
                    kafka.bootstrapServers()));
            members.forEach(m -> args.add(m.toString()));
            assertThat(Pdm.commandLine().execute(args.toArray(String[]::new))).isZero();

            ModelUpdate read = FlJson.read(only(kafka, Topics.modelUpdates("plant-a")), ModelUpdate.class);
            assertThat(read.version()).isEqualTo(12);
            assertThat(read.k()).isEqualTo(3);
            assertThat(read.baseModelSha256()).isEqualTo(baseHash);
            assertThat(read.assetType()).isEqualTo("pump");
            for (int k = 0; k < 3; k++) {
                ModelUpdate.Member m = read.members().get(k);
                assertThat(m.adapterDirectory()).isEqualTo(members.get(k).toString());
                assertThat(m.weightsSha256()).isEqualTo(PeftAdapter.weightsSha256(members.get(k)));
                assertThat(m.seed()).isEqualTo(42L + k);
            }
            assertThat(read.adapterDirectory())
                    .as("member 0 for older readers")
                    .isEqualTo(members.get(0).toString());
        }
    }

    @Test
    void anAdapterOfAnotherBaseIsRefusedBeforeAnythingIsAnnounced() throws Exception {
        Path base = base();
        Path good = adapter("good", ModelCheckpoint.baseHash(base));
        Path other = adapter("other", "0".repeat(64));
        StringWriter err = new StringWriter();
        int exit = Pdm.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute(
                        "fl",
                        "announce",
                        "--plant",
                        "plant-a",
                        "--version",
                        "3",
                        "--base",
                        base.toString(),
                        "--dry-run",
                        good.toString(),
                        other.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("adapter " + other + " was trained on base " + "0".repeat(64));
    }

    private static String only(EmbeddedKafka kafka, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "announce-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(got::add);
            }
            assertThat(got).hasSize(1);
            assertThat(got.get(0).key()).isEqualTo("plant-a");
            return new String(got.get(0).value(), StandardCharsets.UTF_8);
        }
    }
}
