package io.pdm.federated.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pdm.federated.protocol.StrategySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every aggregation rule and server optimiser under its wire name, with the defaults the command line and the
 * benchmark use. To add a rule: write its record (implementing {@link AggregationRule}) and add one line to
 * {@link #RULES}; the protocol, {@code pdm fl aggregator --strategy} and the Byzantine bench pick it up from here.
 */
public final class StrategyRegistry {

    /** A named kind of rule or optimiser: its record type (parameters are the record's components) and defaults. */
    public record Entry<T>(String name, Class<? extends T> type, Supplier<? extends T> defaults, String summary) {}

    private static final List<Entry<AggregationRule>> RULES = List.of(
            new Entry<>("fedavg", FedAvg.class, FedAvg::new, "weighted mean (not robust)"),
            new Entry<>("trimmed-mean", TrimmedMean.class, () -> new TrimmedMean(0.25), "coordinate-wise trimmed mean"),
            new Entry<>("median", CoordinateMedian.class, CoordinateMedian::new, "coordinate-wise median"),
            new Entry<>("krum", Krum.class, () -> Krum.single(1), "the most central delta"),
            new Entry<>(
                    "norm-bounded",
                    NormBoundedMean.class,
                    NormBoundedMean::new,
                    "mean of deltas clipped to the median norm"),
            new Entry<>(
                    "filtered",
                    FilteredMean.class,
                    FilteredMean::new,
                    "mean of deltas passing norm and cosine filters"),
            new Entry<>("fltrust", FlTrust.class, FlTrust::new, "trust by cosine with the aggregator's own update"));

    private static final List<Entry<ServerOptimizer>> OPTIMIZERS = List.of(
            new Entry<>("sgd", ServerSgd.class, () -> new ServerSgd(1f), "global += delta"),
            new Entry<>("fedavgm", FedAvgM.class, () -> new FedAvgM(1f, 0.9f), "server momentum"),
            new Entry<>("fedadam", FedAdam.class, () -> new FedAdam(1e-2f, 0.9f, 0.99f, 1e-3f), "server Adam"),
            new Entry<>("fedyogi", FedYogi.class, () -> new FedYogi(1e-2f, 0.9f, 0.99f, 1e-3f), "server Yogi"));

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private StrategyRegistry() {}

    public static List<Entry<AggregationRule>> rules() {
        return RULES;
    }

    public static List<Entry<ServerOptimizer>> optimizers() {
        return OPTIMIZERS;
    }

    public static Entry<AggregationRule> rule(String name) {
        return find(RULES, name, "rule");
    }

    public static Entry<ServerOptimizer> optimizer(String name) {
        return find(OPTIMIZERS, name, "server optimiser");
    }

    static StrategySpec describe(AggregationStrategy strategy) {
        return new StrategySpec(
                named("rule", nameOf(RULES, strategy.rule()), strategy.rule()),
                named("optimizer", nameOf(OPTIMIZERS, strategy.serverOptimizer()), strategy.serverOptimizer()));
    }

    static AggregationStrategy resolve(StrategySpec spec) {
        return new AggregationStrategy(
                parameters(rule(spec.ruleName()), spec.rule(), "rule"),
                parameters(optimizer(spec.optimizerName()), spec.serverOptimizer(), "optimizer"));
    }

    private static <T> T parameters(Entry<T> entry, ObjectNode part, String nameField) {
        part.remove(nameField);
        try {
            return MAPPER.treeToValue(part, entry.type());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad parameters for " + entry.name() + ": " + part, e);
        }
    }

    private static ObjectNode named(String nameField, String name, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(nameField, name);
        fields.putAll(MAPPER.convertValue(
                value, MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class)));
        return MAPPER.valueToTree(fields);
    }

    private static <T> String nameOf(List<Entry<T>> entries, T value) {
        return entries.stream()
                .filter(entry -> entry.type() == value.getClass())
                .map(Entry::name)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        value.getClass().getSimpleName() + " is not registered in StrategyRegistry"));
    }

    private static <T> Entry<T> find(List<Entry<T>> entries, String name, String what) {
        return entries.stream()
                .filter(entry -> entry.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + name + "'; known: "
                        + entries.stream().map(Entry::name).toList()));
    }
}
