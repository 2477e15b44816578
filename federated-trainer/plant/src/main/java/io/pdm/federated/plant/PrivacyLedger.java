package io.pdm.federated.plant;

import io.pdm.federated.dp.PrivacyBudget;
import io.pdm.model.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plant's spent privacy budget on disk, so a restart cannot reset it. Every round costs the same under fixed
 * {@link ClientSidePrivacy}, so the count of charged rounds is all that is stored; the budget is recomposed from it.
 * A round is charged before its delta leaves the plant: a failed upload still counts, erring on the safe side.
 */
final class PrivacyLedger {

    private final Path file;
    private final String plant;
    private final ClientSidePrivacy privacy;

    PrivacyLedger(Path file, String plant, ClientSidePrivacy privacy) {
        this.file = file;
        this.plant = plant;
        this.privacy = privacy;
    }

    synchronized PrivacyBudget budget() {
        PrivacyBudget budget = PrivacyBudget.fresh(plant, privacy.targetEpsilon(), privacy.delta());
        for (int i = 0; i < chargedRounds(); i++) {
            budget = budget.charge(privacy.roundCost());
        }
        return budget;
    }

    /** Charges one round or throws {@link io.pdm.federated.dp.PrivacyBudgetExceededException} without charging. */
    synchronized PrivacyBudget charge() {
        PrivacyBudget after = budget().charge(privacy.roundCost());
        try {
            AtomicFiles.replace(file, Integer.toString(after.chargedRounds()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the privacy spend in " + file, e);
        }
        return after;
    }

    private int chargedRounds() {
        try {
            return Files.exists(file)
                    ? Integer.parseInt(
                            Files.readString(file, StandardCharsets.UTF_8).trim())
                    : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
