package io.pdm.inference.service;

import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.scoring.RefusedVersionException;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads an ensemble version (K announced members on the one base) as one model value, checking every member as
 * {@code TypeRuntime} checks a single adapter, plus its weights file against the announced SHA-256: base hash and
 * shapes when loading, then one smoke prediction per member. The first member that fails refuses the whole version,
 * named with its index and directory, so the slot keeps serving the version before.
 */
final class EnsembleVersions {
    private EnsembleVersions() {}

    static RemainingLifeModel load(Path baseDir, String baseHash, AdapterSlot.Announced announced)
            throws RefusedVersionException {
        List<AdapterSlot.Member> members = announced.members();
        for (int i = 0; i < members.size(); i++) {
            AdapterSlot.Member m = members.get(i);
            String actual;
            try {
                actual = PeftAdapter.weightsSha256(Path.of(m.directory()));
            } catch (IOException | RuntimeException e) {
                throw refused(announced, i, "weights unreadable: " + e.getMessage(), e);
            }
            if (!actual.equals(m.weightsSha256())) {
                throw refused(
                        announced,
                        i,
                        PeftAdapter.WEIGHTS_FILE + " has SHA-256 " + actual + ", announced " + m.weightsSha256(),
                        null);
            }
        }
        RemainingLifeModel model;
        try {
            model = RemainingLifeModel.loadEnsemble(
                    baseDir, members.stream().map(m -> Path.of(m.directory())).toList());
        } catch (IOException | RuntimeException e) {
            // the model names the failing member ("member i (dir): ...")
            throw new RefusedVersionException(
                    "version " + announced.version() + " does not load on base " + baseHash + ": " + e.getMessage(), e);
        }
        try {
            smokeEachMember(model, announced);
        } catch (RefusedVersionException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** One prediction per member on the training means: every member must give a finite answer there. */
    private static void smokeEachMember(RemainingLifeModel model, AdapterSlot.Announced announced)
            throws RefusedVersionException {
        var protocol = model.protocol();
        double[][] window = new double[protocol.window()][];
        Arrays.fill(window, protocol.typicalStep());
        List<LifePrediction> each;
        try {
            each = model.predictEachMember(protocol.windowChannels(), window, 0);
        } catch (RuntimeException e) {
            throw new RefusedVersionException(
                    "version " + announced.version() + ": smoke prediction failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < each.size(); i++) {
            LifePrediction p = each.get(i);
            if (!Double.isFinite(p.rul()) || !Double.isFinite(p.lower()) || !Double.isFinite(p.upper())) {
                throw refused(announced, i, "smoke prediction is not finite: " + p, null);
            }
        }
    }

    private static RefusedVersionException refused(
            AdapterSlot.Announced announced, int member, String reason, Throwable cause) {
        return new RefusedVersionException(
                "version " + announced.version() + " member " + member + " ("
                        + announced.members().get(member).directory() + "): " + reason,
                cause);
    }
}
