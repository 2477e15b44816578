package io.pdm.bench.federated;

import io.pdm.model.data.cmapss.RulEvaluation;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The bench's printed table: accuracy per plant, then traffic and timing, then the secure-aggregation overhead. */
final class ResultTable {

    private ResultTable() {}

    static String format(List<ScenarioResult> results, List<String> plants, long fullModelBytes, long adapterBytes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "full model %,d bytes (model.safetensors); adapter %,d bytes as F32%n",
                fullModelBytes,
                adapterBytes));
        out.append(String.format(Locale.ROOT, "%-28s", "scenario"));
        plants.forEach(plant -> out.append(String.format(Locale.ROOT, " | %-17s", plant + " RMSE/PHM08")));
        out.append(String.format(
                Locale.ROOT,
                " | %9s | %12s | %7s | %12s | %8s | %8s | %8s | %s%n",
                "mean RMSE",
                "up B/plant/r",
                "% model",
                "down B/pl/r",
                "round s",
                "proto s",
                "agg CPU s",
                "note"));
        for (ScenarioResult result : results) {
            out.append(row(result, plants, fullModelBytes));
        }
        secureAggregationOverhead(results).ifPresent(out::append);
        return out.toString();
    }

    /** One scenario's line of the table. */
    static String row(ScenarioResult result, List<String> plants, long fullModelBytes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-28s", result.scenario()));
        for (String plant : plants) {
            RulEvaluation e = result.byPlant().get(plant);
            out.append(
                    e == null
                            ? String.format(Locale.ROOT, " | %-17s", "-")
                            : String.format(
                                    Locale.ROOT,
                                    e.score() < 1e7 ? " | %6.2f / %8.0f" : " | %6.2f / %8.1e",
                                    e.rmse(),
                                    e.score()));
        }
        ScenarioResult.Traffic traffic = result.traffic();
        out.append(String.format(
                Locale.ROOT,
                " | %9.2f | %12s | %7s | %12s | %8.2f | %8s | %8s | %s%n",
                result.meanRmse(),
                traffic == null ? "-" : String.format(Locale.ROOT, "%,.0f", traffic.upBytesPerPlantRound()),
                traffic == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f%%", 100 * traffic.upBytesPerPlantRound() / fullModelBytes),
                traffic == null ? "-" : String.format(Locale.ROOT, "%,.0f", traffic.downBytesPerPlantRound()),
                result.roundSeconds(),
                seconds(result.protocolSeconds()),
                seconds(result.aggregatorCpuSeconds()),
                result.note()));
        return out.toString();
    }

    private static Optional<String> secureAggregationOverhead(List<ScenarioResult> results) {
        Optional<ScenarioResult> plain = find(results, FederatedScenario.FEDAVG.cliName());
        Optional<ScenarioResult> secure = find(results, FederatedScenario.SECAGG.cliName());
        if (plain.isEmpty() || secure.isEmpty()) {
            return Optional.empty();
        }
        ScenarioResult p = plain.get();
        ScenarioResult s = secure.get();
        return Optional.of(String.format(
                Locale.ROOT,
                "secure aggregation vs plain FedAvg: upload x%.2f (%,.0f vs %,.0f B/plant/round), protocol time x%.2f "
                        + "(%.2f vs %.2f s/round), aggregator CPU x%.2f (%.2f vs %.2f s)%n",
                s.traffic().upBytesPerPlantRound() / p.traffic().upBytesPerPlantRound(),
                s.traffic().upBytesPerPlantRound(),
                p.traffic().upBytesPerPlantRound(),
                s.protocolSeconds() / p.protocolSeconds(),
                s.protocolSeconds(),
                p.protocolSeconds(),
                s.aggregatorCpuSeconds() / p.aggregatorCpuSeconds(),
                s.aggregatorCpuSeconds(),
                p.aggregatorCpuSeconds()));
    }

    private static Optional<ScenarioResult> find(List<ScenarioResult> results, String scenario) {
        return results.stream().filter(r -> r.scenario().equals(scenario)).findFirst();
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
