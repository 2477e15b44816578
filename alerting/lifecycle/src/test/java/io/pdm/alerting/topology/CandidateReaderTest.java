package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.alerting.lifecycle.RejectReason;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.alerting.AlertFacts;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fact sheet read by the streaming parser: what is kept, what is left out, what is refused. */
class CandidateReaderTest {
    static final String T = "2026-12-05T08:00:00Z";

    @Test
    void keepsReasonAndMeasurementsAndLeavesOutWhatIsUnknownOrWithoutANumber() throws Rejected {
        AlertFacts.Evidence e = CandidateReader.evidence("{\"extra\":{\"deep\":[1,{\"x\":2}]},\"measurements\":["
                + "{\"channel\":\"vibration.rms\",\"value\":7.4,\"unit\":\"mm/s\",\"time\":\"" + T + "\",\"limit\":7.1,"
                + "\"zone\":\"C\",\"standard\":\"ISO 20816-3:2022\",\"note\":[\"ignored\"]},"
                + "{\"channel\":\"temperature_c.mean\",\"value\":71,\"time\":\"" + T + "\",\"limit\":\"NaN\","
                + "\"zone\":null},"
                + "{\"channel\":\"pressure\",\"value\":\"NaN\",\"time\":\"" + T + "\"},"
                + "{\"value\":1.0,\"time\":\"" + T + "\"}, 42, [1]],"
                + "\"reason\":\"vibration above its limit\"}");
        assertThat(e.reason()).isEqualTo("vibration above its limit");
        assertThat(e.measurements())
                .containsExactly(
                        new AlertFacts.Measurement(
                                "vibration.rms", 7.4, "mm/s", Instant.parse(T), 7.1, "C", "ISO 20816-3:2022"),
                        new AlertFacts.Measurement("temperature_c.mean", 71.0, "", Instant.parse(T), null, null, null));
        assertThat(CandidateReader.evidence("{}")).isEqualTo(new AlertFacts.Evidence("", java.util.List.of()));
    }

    @Test
    void refusesWhatIsNotAJsonObjectAndAMeasurementWithoutATime() {
        for (String bad : new String[] {"[1]", "42", "", "{\"reason\":\"x\"", "{\"reason\":}"}) {
            assertThatThrownBy(() -> CandidateReader.evidence(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_CANDIDATE))
                    .hasMessageStartingWith("factSheet ");
        }
        assertThatThrownBy(() -> CandidateReader.evidence(
                        "{\"measurements\":[{\"channel\":\"vibration.rms\",\"value\":7.4,\"time\":\"yesterday\"}]}"))
                .hasMessage("factSheet measurement vibration.rms has no valid time");
    }
}
