package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.kafka.ModelUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble version (K federated adapters on one base) on a real DJL base: it serves the mean of its members as
 * each scores alone on the single-adapter path; a version with one bad member is refused with that member named
 * while the version before keeps serving; pin and rollback work on ensemble versions; a one-member ensemble scores
 * exactly as the legacy single-adapter announcement of the same adapter.
 */
class EnsembleVersionIT {
    static final String PLANT = "plant-b";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    static Path dir;

    static Path base;
    static List<Path> members;
    static AlertTextPipeline texts;

    @BeforeAll
    static void prepare() throws IOException {
        base = TestBaseModels.pretrain(dir.resolve("base"));
        members = TestBaseModels.distinctAdapters(base, dir, 3);
        texts = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        if (texts != null) texts.close();
    }

    static PlantSteps steps() throws IOException {
        return BatchedStepsIT.steps(base, texts); // plant-b, the test gearbox on the base, template texts
    }

    static AdapterSlot<RemainingLifeModel> slot(PlantSteps steps) {
        return steps.types().get("test-gearbox").slot().orElseThrow();
    }

    static ModelUpdate single(long version, Path adapter) {
        return new ModelUpdate(PLANT, version, version, adapter.toString(), "ab".repeat(32), List.of(), T0);
    }

    static ModelUpdate ensemble(long version, List<Path> dirs) throws IOException {
        List<ModelUpdate.Member> list = new ArrayList<>();
        for (int k = 0; k < dirs.size(); k++) {
            list.add(new ModelUpdate.Member(dirs.get(k).toString(), PeftAdapter.weightsSha256(dirs.get(k)), 42L + k));
        }
        return ModelUpdate.ensemble(PLANT, version, version, list, List.of(), T0, null, null);
    }

    /** The scored records of three assets' 60-step lives, in the order a poll of 32 vectors gives them. */
    static List<PredictionRecord> scored(PlantSteps steps) {
        List<FeatureVector> vectors = BatchedStepsIT.vectors();
        List<PredictionRecord> out = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i += 32) {
            List<FeatureVector> poll = vectors.subList(i, Math.min(vectors.size(), i + 32));
            List<Boolean> warm = poll.stream().map(v -> false).toList();
            for (InferenceLoop.Outcome o : steps.onBatch(poll, warm)) out.addAll(o.predictions());
        }
        return out.stream().filter(p -> p.getRemainingLife() != null).toList();
    }

    static List<PredictionRecord> scoredBy(ModelUpdate update) throws IOException {
        PlantSteps steps = steps();
        steps.onModelUpdate(update);
        assertThat(slot(steps).current().orElseThrow().version())
                .as("version %d serves", update.version())
                .isEqualTo(update.version());
        return scored(steps);
    }

    @Test
    void anEnsembleServesTheMeanOfItsMembersScoredOneByOne() throws IOException {
        List<List<PredictionRecord>> alone = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) alone.add(scoredBy(single(10 + k, members.get(k))));
        List<PredictionRecord> together = scoredBy(ensemble(20, members));

        assertThat(together).isNotEmpty().hasSameSizeAs(alone.get(0));
        double largestSpread = 0;
        for (int i = 0; i < together.size(); i++) {
            PredictionRecord e = together.get(i);
            double[] own = new double[members.size()];
            for (int k = 0; k < own.length; k++) {
                PredictionRecord m = alone.get(k).get(i);
                assertThat(m.getWindowEnd()).isEqualTo(e.getWindowEnd());
                own[k] = m.getRemainingLife().getPredicted();
            }
            double mean = (own[0] + own[1] + own[2]) / 3;
            double variance = 0;
            for (double v : own) variance += (v - mean) * (v - mean) / 3;
            assertThat(e.getRemainingLife().getPredicted()).isCloseTo(mean, within(1e-3));
            assertThat(e.getAdapterVersion()).isEqualTo(20L);
            assertThat(e.getAdapterMembers()).isEqualTo(3);
            assertThat(e.getMemberSpread()).isCloseTo(Math.sqrt(variance), within(1e-3));
            // the interval is the base's conformal half-width around the mean: it contains the mean
            assertThat(e.getRemainingLife().getLower()).isLessThanOrEqualTo(mean + 1e-3);
            assertThat(e.getRemainingLife().getUpper()).isGreaterThanOrEqualTo(mean - 1e-3);
            for (String stage : e.getStageProbabilities().keySet()) {
                double p = 0;
                for (List<PredictionRecord> a : alone)
                    p += a.get(i).getStageProbabilities().get(stage) / 3;
                assertThat(e.getStageProbabilities().get(stage)).isCloseTo(p, within(1e-5));
            }
            largestSpread = Math.max(largestSpread, e.getMemberSpread());
        }
        assertThat(largestSpread).as("the members disagree somewhere").isGreaterThan(0.01);
    }

    @Test
    void aVersionWithOneBadMemberIsRefusedNamingItAndTheVersionBeforeServes() throws IOException {
        PlantSteps steps = steps();
        AdapterSlot<RemainingLifeModel> slot = slot(steps);
        steps.onModelUpdate(ensemble(1, members));
        assertThat(slot.current().orElseThrow().model().members()).isEqualTo(3);

        // member 1 trained on another base
        Path otherBase = copy(members.get(1), "other-base");
        RemainingLifeModel.writeOrigin(otherBase, "0".repeat(64));
        steps.onModelUpdate(ensemble(2, List.of(members.get(0), otherBase, members.get(2))));
        assertThat(lastEvent(slot).outcome()).isEqualTo(AdapterSlot.Outcome.REFUSED);
        assertThat(lastEvent(slot).detail())
                .contains("member 1 (" + otherBase + ")")
                .contains("was trained on base " + "0".repeat(64));

        // member 2's weights changed on disk after the announcement's hash was taken
        Path flipped = copy(members.get(2), "flipped");
        ModelUpdate announced = ensemble(3, List.of(members.get(0), members.get(1), flipped));
        byte[] bytes = Files.readAllBytes(flipped.resolve(PeftAdapter.WEIGHTS_FILE));
        bytes[bytes.length - 1] ^= 0x7f;
        Files.write(flipped.resolve(PeftAdapter.WEIGHTS_FILE), bytes);
        steps.onModelUpdate(announced);
        assertThat(lastEvent(slot).outcome()).isEqualTo(AdapterSlot.Outcome.REFUSED);
        assertThat(lastEvent(slot).detail())
                .contains("member 2 (" + flipped + ")")
                .contains("has SHA-256");

        // member 0's weights truncated (and announced with the truncated file's hash): it does not load
        Path truncated = copy(members.get(0), "truncated");
        Path weights = truncated.resolve(PeftAdapter.WEIGHTS_FILE);
        Files.write(weights, java.util.Arrays.copyOf(Files.readAllBytes(weights), 100));
        steps.onModelUpdate(ensemble(4, List.of(truncated, members.get(1), members.get(2))));
        assertThat(lastEvent(slot).outcome()).isEqualTo(AdapterSlot.Outcome.REFUSED);
        assertThat(lastEvent(slot).detail()).contains("member 0 (" + truncated + ")");

        assertThat(slot.current().orElseThrow().version())
                .as("the version before serves")
                .isEqualTo(1);
        assertThat(scored(steps)).allSatisfy(p -> {
            assertThat(p.getAdapterVersion()).isEqualTo(1L);
            assertThat(p.getAdapterMembers()).isEqualTo(3);
        });

        // pin and rollback work on ensemble versions as on single ones
        steps.onModelUpdate(ensemble(5, members.subList(0, 2)));
        assertThat(slot.current().orElseThrow().model().members()).isEqualTo(2);
        slot.rollback();
        assertThat(slot.current().orElseThrow().version()).isEqualTo(1);
        slot.pin(slot.known(5).orElseThrow());
        assertThat(slot.current().orElseThrow().version()).isEqualTo(5);
        assertThat(slot.current().orElseThrow().announced().k()).isEqualTo(2);
    }

    @Test
    void aOneMemberEnsembleScoresExactlyAsTheLegacyAnnouncement() throws IOException {
        List<PredictionRecord> legacy = scoredBy(single(7, members.get(0)));
        List<PredictionRecord> oneMember = scoredBy(ensemble(7, List.of(members.get(0))));
        assertThat(oneMember).hasSameSizeAs(legacy);
        for (int i = 0; i < legacy.size(); i++) {
            assertThat(oneMember.get(i).getRemainingLife())
                    .isEqualTo(legacy.get(i).getRemainingLife());
            assertThat(oneMember.get(i).getStageProbabilities())
                    .isEqualTo(legacy.get(i).getStageProbabilities());
            assertThat(legacy.get(i).getAdapterMembers())
                    .as("one adapter: unset, as before")
                    .isNull();
            assertThat(legacy.get(i).getMemberSpread()).isNull();
            assertThat(oneMember.get(i).getAdapterMembers()).isNull();
        }
    }

    static AdapterSlot.Event lastEvent(AdapterSlot<?> slot) {
        List<AdapterSlot.Event> events = slot.events();
        return events.get(events.size() - 1);
    }

    static Path copy(Path adapter, String name) throws IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(adapter)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }
}
