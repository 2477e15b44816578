package io.pdm.alerting.lifecycle;

import java.util.Objects;

/** What silences, asset conditions and inhibition look at to decide whether an alert is suppressed. */
public record AlertKey(String plant, String asset, String assetType, String kind, String failureMode, int severity) {
    /*
     * Written out, not the record's generated ones: the key of Suppression's remembered answers, looked up for every
     * candidate, and the generated methods (method handles over every component) showed in the bench's profile. Same
     * contract: every component, in order; identical strings compare at once.
     */
    @Override
    public int hashCode() {
        int h = Objects.hashCode(asset);
        h = 31 * h + Objects.hashCode(kind);
        h = 31 * h + Objects.hashCode(failureMode);
        h = 31 * h + Objects.hashCode(assetType);
        h = 31 * h + Objects.hashCode(plant);
        return 31 * h + severity;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertKey k
                && severity == k.severity
                && Objects.equals(asset, k.asset)
                && Objects.equals(kind, k.kind)
                && Objects.equals(failureMode, k.failureMode)
                && Objects.equals(assetType, k.assetType)
                && Objects.equals(plant, k.plant);
    }
}
