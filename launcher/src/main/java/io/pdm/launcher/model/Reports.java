package io.pdm.launcher.model;

import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.data.cmapss.PublishedResults;
import java.util.Locale;

/** How the model commands print their outcome. */
final class Reports {
    private Reports() {}

    static void print(String what, CmapssTraining.Outcome outcome) {
        var t = outcome.training();
        System.out.printf(
                Locale.ROOT,
                "%n%s %s: test RMSE %.2f, PHM08 score %.1f on %d engines; validation RMSE %.2f"
                        + " (best epoch %d of %d, %d steps skipped); %.0f windows/s; %ds%n",
                what,
                outcome.test().subset(),
                outcome.test().rmse(),
                outcome.test().score(),
                outcome.test().count(),
                outcome.validationRmse(),
                t.bestEpoch(),
                t.epochs().size(),
                t.skippedSteps(),
                t.examplesPerSecond(),
                t.wallTime().toSeconds());
        System.out.println(PublishedResults.table(outcome.test().subset(), outcome.test()));
    }
}
