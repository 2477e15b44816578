package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.schemas.testing.ContractSchemas;
import org.junit.jupiter.api.Test;

/** The fact sheet an alert carries on Kafka is what its published JSON Schema says. */
class FactSheetContractTest {
    static final String SCHEMA = "fact-sheet";

    @Test
    void conditionAndRemainingLifeSheetsFollowTheSchema() {
        assertThat(ContractSchemas.validate(SCHEMA, AlertComposer.json(FactSheetTestData.conditionSheet())))
                .isEmpty();
        assertThat(ContractSchemas.validate(SCHEMA, AlertComposer.json(FactSheetTestData.lifeSheet())))
                .isEmpty();
    }

    @Test
    void theSchemaRefusesASheetWithoutItsFacts() {
        String json = AlertComposer.json(FactSheetTestData.lifeSheet()).replace("\"severity\":", "\"severityX\":");
        assertThat(ContractSchemas.validate(SCHEMA, json))
                .anySatisfy(m -> assertThat(m).contains("severity"));
    }
}
