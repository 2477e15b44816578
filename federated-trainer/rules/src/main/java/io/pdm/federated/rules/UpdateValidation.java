package io.pdm.federated.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by every rule: at least one update, one dimension, no plant twice. */
final class UpdateValidation {

    private UpdateValidation() {}

    /** Returns the common dimension. */
    static int requireConsistent(List<ClientUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no client updates to aggregate");
        }
        int dimension = updates.get(0).dimension();
        Set<String> plants = new HashSet<>();
        for (ClientUpdate update : updates) {
            if (update.dimension() != dimension) {
                throw new IllegalArgumentException("plant " + update.plant() + " sent dimension " + update.dimension()
                        + ", expected " + dimension);
            }
            if (!plants.add(update.plant())) {
                throw new IllegalArgumentException("plant " + update.plant() + " sent more than one update");
            }
        }
        return dimension;
    }
}
