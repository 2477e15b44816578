package io.pdm.federated.protocol;

import io.pdm.federated.secagg.FixedPointCodec;
import io.pdm.federated.secagg.SecAggConfig;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every participant of a secure round agrees on: the invited plants and their secure-aggregation ids
 * (1..n, the Shamir x-coordinates), the reconstruction threshold and the fixed-point codec. Plants mask
 * exampleCount · delta, so the codec's range must cover the largest example count times the largest coordinate.
 *
 * @param sessionId random per round, bound into every key and ciphertext of the round
 */
public record SecureAggregationParameters(
        String sessionId,
        SortedMap<String, Integer> clientIdByPlant,
        int threshold,
        double codecScale,
        double codecRange) {

    public SecureAggregationParameters {
        clientIdByPlant = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(clientIdByPlant));
    }

    public FixedPointCodec codec() {
        return new FixedPointCodec(codecScale, codecRange);
    }

    public SecAggConfig config(int dimension) {
        return new SecAggConfig(sessionId, clientIdByPlant.size(), threshold, dimension, codec());
    }

    public int clientIdOf(String plant) {
        Integer id = clientIdByPlant.get(plant);
        if (id == null) {
            throw new IllegalArgumentException("plant " + plant + " is not invited to this secure round");
        }
        return id;
    }

    public String plantOf(int clientId) {
        return clientIdByPlant.entrySet().stream()
                .filter(e -> e.getValue() == clientId)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no plant has secure-aggregation id " + clientId));
    }
}
