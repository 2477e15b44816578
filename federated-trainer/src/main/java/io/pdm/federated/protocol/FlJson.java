package io.pdm.federated.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pdm.federated.aggregate.AggregationRule;
import io.pdm.federated.aggregate.CoordinateMedian;
import io.pdm.federated.aggregate.FedAdam;
import io.pdm.federated.aggregate.FedAvg;
import io.pdm.federated.aggregate.FlTrust;
import io.pdm.federated.aggregate.FedAvgM;
import io.pdm.federated.aggregate.FedYogi;
import io.pdm.federated.aggregate.FilteredMean;
import io.pdm.federated.aggregate.Krum;
import io.pdm.federated.aggregate.NormBoundedMean;
import io.pdm.federated.aggregate.ServerOptimizer;
import io.pdm.federated.aggregate.ServerSgd;
import io.pdm.federated.aggregate.TrimmedMean;

/** The one JSON mapping of the /fl/v1 messages, shared by the aggregator, the plants and the round store. */
public final class FlJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // v1 readers ignore fields added later in v1, so the aggregator can grow messages compatibly
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(AggregationRule.class, AggregationRuleJson.class)
            .addMixIn(ServerOptimizer.class, ServerOptimizerJson.class)
            .build();

    private FlJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Rules travel as {"rule": "trimmed-mean", "trimFraction": 0.2}; the records are the aggregate package's own. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "rule")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = FedAvg.class, name = "fedavg"),
            @JsonSubTypes.Type(value = TrimmedMean.class, name = "trimmed-mean"),
            @JsonSubTypes.Type(value = CoordinateMedian.class, name = "median"),
            @JsonSubTypes.Type(value = Krum.class, name = "krum"),
            @JsonSubTypes.Type(value = NormBoundedMean.class, name = "norm-bounded"),
            @JsonSubTypes.Type(value = FilteredMean.class, name = "filtered"),
            @JsonSubTypes.Type(value = FlTrust.class, name = "fltrust")})
    private interface AggregationRuleJson {
    }

    /** Server optimisers travel as {"optimizer": "fedadam", "learningRate": 0.01, ...}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "optimizer")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = ServerSgd.class, name = "sgd"),
            @JsonSubTypes.Type(value = FedAvgM.class, name = "fedavgm"),
            @JsonSubTypes.Type(value = FedAdam.class, name = "fedadam"),
            @JsonSubTypes.Type(value = FedYogi.class, name = "fedyogi")})
    private interface ServerOptimizerJson {
    }
}
