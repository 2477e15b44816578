package io.pdm.federated.protocol;

import io.pdm.federated.secagg.FixedPointCodec;
import io.pdm.federated.secagg.SecAggConfig;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every participant of a secure round agrees on: the invited plants and their secure-aggregation ids
 * (1..n, the Shamir x-coordinates), the neighbourhood size, the reconstruction threshold and the fixed-point codec.
 * Plants mask exampleCount · delta, so the codec's range must cover the largest example count times the largest
 * coordinate.
 *
 * @param sessionId  random per round, bound into every key and ciphertext of the round, and the seed of the round's
 *                   neighbour graph, which every plant derives itself ({@code NeighbourGraph})
 * @param threshold  shares that reconstruct a plant's secret, out of the plant and its neighbours
 * @param neighbours k: each plant shares keys and masks with k others (SecAgg+); 0 (an announcement from before
 *                   SecAgg+) or n − 1 and more: every plant with every other
 */
public record SecureAggregationParameters(
        String sessionId,
        SortedMap<String, Integer> clientIdByPlant,
        int threshold,
        double codecScale,
        double codecRange,
        int neighbours) {

    public SecureAggregationParameters {
        clientIdByPlant = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(clientIdByPlant));
        if (neighbours <= 0 || neighbours > clientIdByPlant.size() - 1) {
            neighbours = Math.max(0, clientIdByPlant.size() - 1);
        }
    }

    /** Every plant with every other (Bonawitz et al. 2017). */
    public SecureAggregationParameters(
            String sessionId,
            SortedMap<String, Integer> clientIdByPlant,
            int threshold,
            double codecScale,
            double codecRange) {
        this(sessionId, clientIdByPlant, threshold, codecScale, codecRange, 0);
    }

    public FixedPointCodec codec() {
        return new FixedPointCodec(codecScale, codecRange);
    }

    public SecAggConfig config(int dimension) {
        return new SecAggConfig(sessionId, clientIdByPlant.size(), threshold, dimension, codec(), neighbours);
    }

    public int clientIdOf(String plant) {
        Integer id = clientIdByPlant.get(plant);
        if (id == null) {
            throw new IllegalArgumentException("plant " + plant + " is not invited to this secure round");
        }
        return id;
    }

    /** Plant by secure-aggregation id: build it once when looking up many ids ({@link #plantOf} is O(n)). */
    public SortedMap<Integer, String> plantByClientId() {
        SortedMap<Integer, String> plants = new TreeMap<>();
        clientIdByPlant.forEach((plant, id) -> plants.put(id, plant));
        return plants;
    }

    public String plantOf(int clientId) {
        return clientIdByPlant.entrySet().stream()
                .filter(e -> e.getValue() == clientId)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no plant has secure-aggregation id " + clientId));
    }
}
