package io.pdm.launcher.predictions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each plant's choice among settings ordered cheapest first (e.g. by upload per round), from their RMSE on that
 * plant's held-out engines: a setting is eligible only if it is at least {@code margin} below every cheaper one (the
 * cheapest always is), and the plant takes the eligible setting with the lowest RMSE (ties to the cheaper). The
 * margin keeps a plant from paying for a larger setting on a difference that held-out noise could make.
 */
public final class PerPlantChoice {

    private PerPlantChoice() {}

    /**
     * @param rmse   setting → plant → RMSE, settings cheapest first; every setting must hold every plant of the first
     * @param margin how far below every cheaper setting a setting must be to be eligible
     * @return plant → chosen setting, plants in the first setting's order
     */
    public static Map<String, String> choose(Map<String, Map<String, Double>> rmse, double margin) {
        if (rmse.isEmpty()) throw new IllegalArgumentException("no settings to choose from");
        if (!(margin >= 0)) throw new IllegalArgumentException("margin must be >= 0, was " + margin);
        List<String> settings = List.copyOf(rmse.keySet());
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String plant : rmse.get(settings.get(0)).keySet()) {
            String best = null;
            for (int i = 0; i < settings.size(); i++) {
                double value = figure(rmse, settings.get(i), plant);
                boolean eligible = true;
                for (int j = 0; j < i; j++) {
                    eligible &= value <= figure(rmse, settings.get(j), plant) - margin;
                }
                if (eligible && (best == null || value < figure(rmse, best, plant))) best = settings.get(i);
            }
            chosen.put(plant, best);
        }
        return chosen;
    }

    private static double figure(Map<String, Map<String, Double>> rmse, String setting, String plant) {
        Double value = rmse.get(setting).get(plant);
        if (value == null) throw new IllegalArgumentException("setting " + setting + " has no figure for " + plant);
        return value;
    }
}
