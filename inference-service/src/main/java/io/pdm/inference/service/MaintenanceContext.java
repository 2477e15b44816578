package io.pdm.inference.service;

import io.pdm.inference.facts.MaintenanceRecord;
import java.util.List;
import java.util.Optional;

/** The maintenance history a fact sheet cites: the asset's last entry and the plant's most similar past logs. */
public interface MaintenanceContext {
    Optional<MaintenanceRecord> last(String plant, String asset);

    /** The {@code k} logs of {@code plant} most similar to {@code query}, most similar first. */
    List<MaintenanceRecord> similar(String plant, String query, int k);

    /** No history known (a plant without a store, or tests of other parts). */
    MaintenanceContext NONE = new MaintenanceContext() {
        @Override
        public Optional<MaintenanceRecord> last(String plant, String asset) {
            return Optional.empty();
        }

        @Override
        public List<MaintenanceRecord> similar(String plant, String query, int k) {
            return List.of();
        }
    };
}
