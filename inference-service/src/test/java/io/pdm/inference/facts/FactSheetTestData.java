package io.pdm.inference.facts;

/** The fact sheets of {@link FactSheetTest}, for the writer tests. */
public final class FactSheetTestData {
    private FactSheetTestData() {}

    public static FactSheet conditionSheet() {
        return FactSheetTest.conditionSheet();
    }

    public static FactSheet lifeSheet() {
        return FactSheetTest.lifeSheet();
    }
}
