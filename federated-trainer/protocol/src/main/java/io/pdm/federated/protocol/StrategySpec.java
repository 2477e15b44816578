package io.pdm.federated.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * How a round is aggregated, as the protocol carries it: the rule and the server optimiser by name with their
 * parameters ({@code {"rule": "trimmed-mean", "trimFraction": 0.2}}, {@code {"optimizer": "sgd", "learningRate": 1}}).
 * Plants only read and record it, so they need none of the rules; the aggregator's rule registry turns it into
 * behaviour ({@code io.pdm.federated.rules.StrategyRegistry}).
 */
public record StrategySpec(ObjectNode rule, ObjectNode serverOptimizer) {

    @JsonCreator
    public StrategySpec(
            @JsonProperty("rule") ObjectNode rule, @JsonProperty("serverOptimizer") ObjectNode serverOptimizer) {
        this.rule = normalised(rule, "rule");
        this.serverOptimizer = normalised(serverOptimizer, "optimizer");
    }

    /** Plain federated averaging: FedAvg, then a server step of learning rate 1. */
    public static StrategySpec fedAvg() {
        ObjectNode rule = FlJson.mapper().createObjectNode().put("rule", "fedavg");
        ObjectNode optimizer =
                FlJson.mapper().createObjectNode().put("optimizer", "sgd").put("learningRate", 1.0);
        return new StrategySpec(rule, optimizer);
    }

    @Override
    public ObjectNode rule() {
        return rule.deepCopy();
    }

    @Override
    public ObjectNode serverOptimizer() {
        return serverOptimizer.deepCopy();
    }

    public String ruleName() {
        return rule.get("rule").asText();
    }

    public String optimizerName() {
        return serverOptimizer.get("optimizer").asText();
    }

    /**
     * A copy with numbers as JSON reads them back (a float 0.2 written by a record becomes the double 0.2), so a spec
     * equals itself after a round trip through the wire or the round store.
     */
    private static ObjectNode normalised(ObjectNode part, String nameField) {
        Objects.requireNonNull(part, nameField);
        JsonNode name = part.get(nameField);
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("a strategy part needs a text field '" + nameField + "': " + part);
        }
        try {
            return (ObjectNode) FlJson.mapper().readTree(FlJson.mapper().writeValueAsString(part));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid strategy part: " + part, e);
        }
    }
}
