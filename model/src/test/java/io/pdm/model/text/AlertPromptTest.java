package io.pdm.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts.LifeUnit;
import io.pdm.model.text.AlertFacts.PastMaintenance;
import io.pdm.model.text.AlertFacts.RulEstimate;
import io.pdm.model.text.AlertFacts.SensorTrend;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertPromptTest {
    private static final AlertFacts FACTS = new AlertFacts(
            "plant-a",
            "engine-07",
            Instant.parse("2024-05-01T12:00:00Z"),
            HealthStage.DEGRADING,
            new RulEstimate(42.4, 29.6, 55.2, LifeUnit.CYCLE),
            List.of(new SensorTrend("s11", 47.8213, 0.012345, 2.318), new SensorTrend("s4", 1419.53, -0.35, -1.84)),
            List.of(new PastMaintenance(
                    LocalDate.parse("2023-11-02"), "replace", "HPC seal replaced\nafter vibration alarm")));

    private static final String GOLDEN_PROMPT = """
            plant: plant-a
            asset: engine-07
            time: 2024-05-01T12:00:00Z
            stage: degrading
            rul: 42 cycles [30, 55]
            trend s11: last 47.821, slope 0.0123/cycle, fleet z 2.3
            trend s4: last 1419.5, slope -0.35/cycle, fleet z -1.8
            past 2023-11-02 replace: HPC seal replaced after vibration alarm
            Alert:""";

    @Test
    void rendersTheGoldenPrompt() {
        assertThat(AlertPrompt.prompt(FACTS)).isEqualTo(GOLDEN_PROMPT);
    }

    @Test
    void saysNoneWhenThereAreNoTrendsOrLogs() {
        AlertFacts bare = new AlertFacts(
                "p",
                "a",
                Instant.EPOCH,
                HealthStage.HEALTHY,
                new RulEstimate(300, 250, 350, LifeUnit.HOUR),
                List.of(),
                List.of());

        assertThat(AlertPrompt.prompt(bare)).isEqualTo("""
                plant: p
                asset: a
                time: 1970-01-01T00:00:00Z
                stage: healthy
                rul: 300 hours [250, 350]
                trend: none
                past: none
                Alert:""");
    }

    @Test
    void trainingExampleIsThePromptFollowedByTheAlertOnOneLine() {
        String example = AlertPrompt.trainingExample(FACTS, "engine-07 degrading:\n about 42 cycles left. ");

        assertThat(example).isEqualTo(GOLDEN_PROMPT + " engine-07 degrading: about 42 cycles left.\n");
        assertThat(example).startsWith(AlertPrompt.prompt(FACTS));
        assertThatThrownBy(() -> AlertPrompt.trainingExample(FACTS, " \n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void citablesHoldEveryNumberAndIdentifierOfTheFacts() {
        AlertCitables citables = AlertPrompt.citables(FACTS);

        assertThat(citables.numbers())
                .contains(
                        "42", "30", "55", "47.821", "0.0123", "2.3", "1419.5", "0.35", "1.8", "11", "4", "7", "2024",
                        "2023", "2", "12", "0");
        assertThat(citables.identifiers())
                .containsExactlyInAnyOrder(
                        "plant-a",
                        "engine-07",
                        "2024-05-01T12:00:00Z",
                        "degrading",
                        "s11",
                        "s4",
                        "2023-11-02",
                        "replace");
    }

    @Test
    void groundingFlagsOnlyNumbersThatAreNotInTheFacts() {
        AlertCitables citables = AlertPrompt.citables(FACTS);

        assertThat(citables.ungroundedNumbers(
                        "engine-07: s4 falling 0.35 per cycle, RUL 42 cycles (30 to 55.0); seal replaced 2023-11-02."))
                .isEmpty();
        assertThat(citables.ungroundedNumbers("engine-07: RUL 40 cycles, s11 up 12.5%, z 2.3"))
                .containsExactly("40", "12.5");
    }

    @Test
    void numbersAreCanonical() {
        assertThat(AlertPrompt.numbersIn("pump-07 ran 12.50 h at -3.0 bar, 42."))
                .containsExactly("7", "12.5", "3", "42");
        assertThat(AlertPrompt.significant(8138.62, 5)).isEqualTo("8138.6");
        assertThat(AlertPrompt.significant(123456.7, 3)).isEqualTo("123457");
        assertThat(AlertPrompt.significant(-0.0004, 2)).isEqualTo("-0.0004");
        assertThat(AlertPrompt.significant(-0.0, 2)).isEqualTo("0");
    }
}
