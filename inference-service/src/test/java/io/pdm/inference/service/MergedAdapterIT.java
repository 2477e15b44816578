package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraMerge;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.schemas.avro.PredictionRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merged adapter ({@link LoraMerge}, as {@code pdm fl merge} writes it) on a real DJL base, through the inference
 * service's own loader and scoring: K copies of one adapter merged score as that adapter does; the merge of K distinct
 * members is accepted as an ordinary single-adapter version (one forward pass, no member count) and scored.
 */
class MergedAdapterIT {
    static final long MAX_BYTES = 1L << 30;

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
        return BatchedStepsIT.steps(base, texts);
    }

    /** Writes the merge of {@code members} as pdm fl merge does: PEFT layout plus the base it belongs to. */
    static Path merged(List<Path> members, Path out) throws IOException {
        List<PeftAdapter> adapters = new ArrayList<>();
        for (Path m : members) adapters.add(PeftAdapter.load(m, MAX_BYTES));
        LoraMerge.merge(adapters).save(out);
        RemainingLifeModel.writeOrigin(out, ModelCheckpoint.baseHash(base));
        return out;
    }

    static List<PredictionRecord> scoredBy(long version, Path adapter) throws IOException {
        PlantSteps steps = steps();
        steps.onModelUpdate(EnsembleVersionIT.single(version, adapter));
        assertThat(EnsembleVersionIT.slot(steps).current().orElseThrow().version())
                .isEqualTo(version);
        return EnsembleVersionIT.scored(steps);
    }

    @Test
    void kCopiesOfOneAdapterMergedScoreAsThatAdapter() throws IOException {
        Path one = members.get(1);
        Path copies = merged(Collections.nCopies(5, one), dir.resolve("merged-copies"));
        assertThat(PeftAdapter.load(copies, MAX_BYTES).config().r()).isEqualTo(20);

        List<PredictionRecord> alone = scoredBy(30, one);
        List<PredictionRecord> merged = scoredBy(31, copies);
        assertThat(merged).isNotEmpty().hasSameSizeAs(alone);
        double largest = 0;
        for (int i = 0; i < alone.size(); i++) {
            largest = Math.max(
                    largest,
                    Math.abs(merged.get(i).getRemainingLife().getPredicted()
                            - alone.get(i).getRemainingLife().getPredicted()));
            assertThat(merged.get(i).getWindowEnd()).isEqualTo(alone.get(i).getWindowEnd());
            assertThat(merged.get(i).getRemainingLife().getPredicted())
                    .isCloseTo(alone.get(i).getRemainingLife().getPredicted(), within(1e-4));
        }
        System.out.printf(
                "5 merged copies vs the adapter: largest |difference| %.2e over %d windows%n", largest, alone.size());
    }

    @Test
    void theMergeOfDistinctMembersIsAcceptedAndScoredAsOneAdapter() throws IOException {
        Path soup = merged(members, dir.resolve("merged-distinct"));

        PlantSteps steps = steps();
        steps.onModelUpdate(EnsembleVersionIT.single(40, soup));
        AdapterSlot<RemainingLifeModel> slot = EnsembleVersionIT.slot(steps);
        assertThat(EnsembleVersionIT.lastEvent(slot).outcome()).isEqualTo(AdapterSlot.Outcome.SWAPPED);
        assertThat(slot.current().orElseThrow().model().members())
                .as("one forward pass")
                .isEqualTo(1);
        List<PredictionRecord> scored = EnsembleVersionIT.scored(steps);
        List<PredictionRecord> first = scoredBy(41, members.get(0));
        assertThat(scored).isNotEmpty().hasSameSizeAs(first).allSatisfy(p -> {
            assertThat(p.getAdapterVersion()).isEqualTo(40L);
            assertThat(p.getAdapterMembers()).isNull();
            assertThat(p.getRemainingLife().getPredicted()).isFinite();
        });
        double largest = 0;
        for (int i = 0; i < scored.size(); i++) {
            largest = Math.max(
                    largest,
                    Math.abs(scored.get(i).getRemainingLife().getPredicted()
                            - first.get(i).getRemainingLife().getPredicted()));
        }
        assertThat(largest).as("the merge is not member 0").isGreaterThan(0.01);
    }
}
