package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TinyBaseModel;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.plant.updates.KafkaModelUpdatePublisher;
import io.pdm.federated.protocol.FlJson;
import io.pdm.launcher.Pdm;
import io.pdm.launcher.e2e.KafkaRead;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.schemas.kafka.ModelUpdate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands an admin runs, on the streaming path: {@code pdm certs init}, {@code pdm fl aggregator} (FLTrust, with
 * its own update on the OEM engines of FD001) and
 * {@code pdm fl plant --jdbc} training on what the plant's store holds, over real mTLS, with real PostgreSQL for both
 * the aggregator's round state and the plant's store, real DJL training, and the new version announced on the
 * plant's model-updates topic of a real Kafka broker.
 */
class PlantOnItsStoreIT {

    @TempDir
    Path work;

    @Test
    void plantTrainsOnItsStoredLivesAndServesItsValidatedAdaptation() throws Exception {
        List<CmapssEngine> fd001 =
                CmapssSubset.load(StoredEngines.CMAPSS, "FD001").train().subList(0, 6);
        StoredEngines store = new StoredEngines();
        for (int i = 0; i < fd001.size(); i++) {
            String asset = String.format(Locale.ROOT, "engine-%03d", i + 1);
            store.replaced("r" + i, "p1", asset, store.run("p1", asset, fd001.get(i), StoredEngines.T0, -1));
        }
        String storeUrl = TestPostgres.newDatabase("plant_store");
        store.writeTo(storeUrl);
        Path base = TinyBaseModel.create(work.resolve("base"), List.of("FD001"));
        Path pki = work.resolve("pki");
        assertThat(Pdm.commandLine().execute("certs", "init", "--dir", pki.toString(), "--plants", "p1"))
                .isZero();

        CommandLine.ParseResult aggregatorArgs = Pdm.commandLine()
                .parseArgs(
                        "fl",
                        "aggregator",
                        "--tls",
                        pki.toString(),
                        "--jdbc",
                        TestPostgres.newDatabase("fl_aggregator"),
                        "--plants",
                        "p1",
                        "--base",
                        base.toString(),
                        "--port",
                        "0",
                        "--round-duration",
                        "2m",
                        "--strategy",
                        "fltrust",
                        "--root-cmapss",
                        StoredEngines.CMAPSS.toString(),
                        "--root-subsets",
                        "FD001",
                        "--root-local-steps",
                        "2");
        AggregatorCommand aggregatorCommand = (AggregatorCommand)
                aggregatorArgs.subcommand().subcommand().commandSpec().userObject();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        List<ConsumerRecord<byte[], byte[]>> announced;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                AggregatorHandle aggregator = aggregatorCommand.start()) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = Pdm.commandLine()
                    .execute(
                            "fl",
                            "plant",
                            "--aggregator",
                            "https://localhost:" + aggregator.port(),
                            "--keystore",
                            pki.resolve("p1.p12").toString(),
                            "--base",
                            base.toString(),
                            "--jdbc",
                            storeUrl,
                            "--store",
                            work.resolve("fl-p1").toString(),
                            "--rounds",
                            "1",
                            "--adapt-rounds",
                            "2",
                            "--local-steps",
                            "2",
                            "--batch",
                            "8",
                            "--poll",
                            "200ms",
                            "--kafka",
                            kafka.bootstrapServers());
            System.setOut(stdout);
            announced = KafkaRead.atLeast(
                    kafka.bootstrapServers(), KafkaModelUpdatePublisher.topic("p1"), 1, Duration.ofSeconds(30));
        } finally {
            System.setOut(stdout);
        }

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output)
                .contains("plant p1 (p1) polling")
                .containsPattern(
                        "adapter version 1 \\(validated local adaptation\\): RMSE [0-9.]+ on p1's held-out lives");
        // The plant's inference service learns of the new version on the plant's model-updates topic.
        assertThat(announced).isNotEmpty();
        ModelUpdate update = FlJson.read(
                new String(announced.get(announced.size() - 1).value(), StandardCharsets.UTF_8), ModelUpdate.class);
        assertThat(update.plant()).isEqualTo("p1");
        assertThat(update.version()).isEqualTo(1);
        assertThat(Path.of(update.adapterDirectory()))
                .startsWith(work.resolve("fl-p1"))
                .isDirectory();
    }
}
