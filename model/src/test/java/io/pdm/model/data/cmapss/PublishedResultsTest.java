package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PublishedResultsTest {
    private static final List<String> SUBSETS = List.of("FD001", "FD002", "FD003", "FD004");

    @Test
    void everyPublishedRowIsOnePaperWithItsYearAndVenue() {
        assertThat(PublishedResults.all()).hasSize(16);
        for (String subset : SUBSETS) {
            assertThat(PublishedResults.forSubset(subset))
                    .extracting(PublishedResults.PublishedResult::method)
                    .containsExactly("LSTM", "DCNN", "DAST transformer", "STAR transformer");
        }
        assertThat(PublishedResults.all()).allSatisfy(r -> {
            assertThat(r.isRange())
                    .as("%s %s is a single paper's figure", r.method(), r.subset())
                    .isFalse();
            assertThat(r.source()).matches(".+ et al\\. 20[0-9]{2}, .+");
        });
    }

    /**
     * The printed table is the published rows (RMSE to two decimals, a dash where the paper's score is not carried)
     * and our evaluation, whose RMSE and score equal a recomputation by hand on a small slice.
     */
    @Test
    void theTablePrintsEachRowAndOurEvaluationOfASmallSlice() {
        float[] predicted = {120, 80, 10, 55};
        float[] truth = {125, 70, 20, 50};
        // d = p - t: -5, 10, -10, 5; RMSE = sqrt(250 / 4); score: early (d < 0) e^(-d/13) - 1, late e^(d/10) - 1.
        double rmse = Math.sqrt((25 + 100 + 100 + 25) / 4.0);
        double score =
                Math.exp(5 / 13.0) - 1 + Math.exp(10 / 10.0) - 1 + Math.exp(10 / 13.0) - 1 + Math.exp(5 / 10.0) - 1;
        RulEvaluation ours = RulMetrics.evaluate("FD002", predicted, truth);
        assertThat(ours.rmse()).isCloseTo(rmse, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(ours.score()).isCloseTo(score, org.assertj.core.api.Assertions.within(1e-6));

        List<String> lines = PublishedResults.table("FD002", ours).lines().toList();

        assertThat(lines).hasSize(1 + 4 + 1);
        assertThat(lines.get(1)).startsWith("LSTM").endsWith(" 24.49    4450.0");
        assertThat(lines.get(2)).startsWith("DCNN").endsWith(" 22.36   10412.0");
        assertThat(lines.get(3)).startsWith("DAST transformer").endsWith(" 15.25         –");
        assertThat(lines.get(4)).startsWith("STAR transformer").endsWith(" 13.47         –");
        assertThat(lines.get(5))
                .startsWith("this model")
                .endsWith(String.format(Locale.ROOT, " %.2f %9.1f", rmse, score));
    }
}
