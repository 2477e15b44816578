package io.pdm.launcher.fl;

import io.pdm.federated.plant.updates.KafkaModelUpdatePublisher;
import io.pdm.federated.protocol.FlJson;
import io.pdm.launcher.KafkaSecurityOptions;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.schemas.kafka.ModelUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pdm fl announce ADAPTER...}: announces an adapter version on a plant's {@code pdm.{plant}.model-updates.v1}
 * from adapter directories already on the plant's disk. Two or more directories make an ensemble version (the plant's
 * inference service serves the mean of the members, docs/results/federated.md); one is an ordinary single-adapter
 * announcement. The command hashes every member's weights itself and checks each was trained on {@code --base}, so
 * the announcement inference receives is the one it would check anyway. With {@code --merge DIR} the members are
 * merged ({@link MergeCommand}) and the merged adapter is announced alone: one forward pass instead of K.
 */
@Command(
        name = "announce",
        mixinStandardHelpOptions = true,
        description = "Announce an adapter version on pdm.{plant}.model-updates.v1 from adapter directories on the"
                + " plant's disk: two or more make an ensemble version (inference serves their mean remaining life)."
                + " Hashes each adapter's weights and checks it belongs to --base.")
public final class AnnounceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ADAPTER", description = "PEFT adapter directories, members in order.")
    List<Path> adapters;

    @Option(names = "--plant", required = true, description = "The plant whose inference service serves it.")
    String plant;

    @Option(
            names = "--version",
            required = true,
            description = "Version number; inference swaps only to a version newer than the one it serves.")
    long version;

    @Option(names = "--base", required = true, description = "The base model directory the adapters belong to.")
    Path base;

    @Option(names = "--asset-type", description = "Asset type the base serves (default: from the base's protocol).")
    String assetType;

    @Option(names = "--round", description = "Federated round that produced the version, if one did.")
    Long round;

    @Option(
            names = "--seeds",
            split = ",",
            description = "Each member's federation seed, in member order (recorded in the announcement).")
    List<Long> seeds;

    @Option(names = "--contributing-plants", split = ",", description = "Plants whose data the version saw.")
    List<String> contributing = new ArrayList<>();

    @Option(
            names = "--kafka",
            defaultValue = "${env:PDM_KAFKA}",
            description = "PDM_KAFKA. Kafka bootstrap servers of the plant (required unless --dry-run).")
    String kafka;

    @Option(
            names = "--merge",
            paramLabel = "DIR",
            description = "Merge the adapters into DIR (as pdm fl merge: one adapter whose weight change is the"
                    + " members' mean, rank the sum of theirs) and announce that one adapter (K = 1: one forward pass;"
                    + " the members' directories, hashes and seeds stay in DIR/pdm_merge.json).")
    Path merge;

    @Option(names = "--dry-run", description = "Print the announcement's JSON instead of publishing it.")
    boolean dryRun;

    @Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Override
    public Integer call() throws IOException {
        ModelUpdate update = update(Clock.systemUTC());
        String json = FlJson.write(update);
        if (dryRun) {
            System.out.println(json);
            return 0;
        }
        if (kafka == null || kafka.isBlank()) throw usage("--kafka (or PDM_KAFKA) is needed to publish");
        try (KafkaModelUpdatePublisher publisher = new KafkaModelUpdatePublisher(
                kafka, kafkaSecurity.security().applyTo(java.util.Map.of()), Duration.ofSeconds(30))) {
            publisher.publish(update);
        }
        System.out.printf(
                "announced version %d of plant %s on %s: %d adapter(s)%n",
                version, plant, KafkaModelUpdatePublisher.topic(plant), update.k());
        return 0;
    }

    /** The announcement: one adapter as revision 2 of the contract, two or more as an ensemble (members). */
    ModelUpdate update(Clock clock) throws IOException {
        if (seeds != null && seeds.size() != adapters.size()) {
            throw usage("--seeds gives " + seeds.size() + " seeds for " + adapters.size() + " adapters");
        }
        String baseHash = ModelCheckpoint.baseHash(base);
        String type = assetType != null ? assetType : baseAssetType();
        List<Path> announced = adapters;
        List<Long> announcedSeeds = seeds;
        if (merge != null) {
            // The wire's members field would make inference run K forward passes: the merge goes out as one adapter.
            announced = List.of(
                    MergeCommand.merge(spec, base, adapters, seeds, merge).dir());
            announcedSeeds = null;
        }
        List<ModelUpdate.Member> members = new ArrayList<>();
        for (int i = 0; i < announced.size(); i++) {
            Path dir = announced.get(i).toAbsolutePath().normalize();
            requireOrigin(spec, base, dir, baseHash);
            members.add(new ModelUpdate.Member(
                    dir.toString(),
                    PeftAdapter.weightsSha256(dir),
                    announcedSeeds == null ? null : announcedSeeds.get(i)));
        }
        if (members.size() == 1) {
            ModelUpdate.Member only = members.get(0);
            return new ModelUpdate(
                    plant,
                    version,
                    round,
                    only.adapterDirectory(),
                    only.weightsSha256(),
                    contributing,
                    clock.instant(),
                    baseHash,
                    type);
        }
        return ModelUpdate.ensemble(plant, version, round, members, contributing, clock.instant(), baseHash, type);
    }

    /**
     * Fails as a usage error, before anything is announced or written, on a directory without weights or an adapter
     * of another base than {@code --base} (inference would refuse it); shared with fl merge and fl score.
     */
    static void requireOrigin(CommandSpec spec, Path base, Path dir, String baseHash) throws IOException {
        if (!Files.isRegularFile(dir.resolve(PeftAdapter.WEIGHTS_FILE))) {
            throw new ParameterException(spec.commandLine(), dir + " holds no " + PeftAdapter.WEIGHTS_FILE);
        }
        try {
            RemainingLifeModel.requireOrigin(dir, baseHash);
        } catch (ProtocolMismatchException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (--base " + base + ")");
        }
    }

    private String baseAssetType() {
        try {
            return io.pdm.model.life.LifeProtocol.read(base).assetType();
        } catch (IOException | RuntimeException e) {
            return null; // a base without a life protocol (C-MAPSS): the announcement names no type
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
