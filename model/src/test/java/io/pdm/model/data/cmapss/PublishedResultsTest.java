package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishedResultsTest {
    @Test
    void publishedTableListsReferenceRowsAndOurs() {
        String table = PublishedResults.table("FD002", new RulEvaluation("FD002", 259, 15.5, 1234.5));

        assertThat(PublishedResults.all()).hasSize(12);
        assertThat(table)
                .contains("LSTM")
                .contains("24.49")
                .contains("4450.0")
                .contains("DCNN")
                .contains("22.36")
                .contains("10412.0")
                .contains("13.5–15.3")
                .contains("this model")
                .contains("15.50")
                .contains("1234.5");
    }
}
