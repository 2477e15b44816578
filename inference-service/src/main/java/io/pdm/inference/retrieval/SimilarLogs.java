package io.pdm.inference.retrieval;

import io.pdm.inference.facts.MaintenanceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The k most similar past logs of one plant: exact cosine search over the plant's embedded logs (a few
 * thousand logs per plant take well under a millisecond, so no approximate index). Logs of other plants are
 * never returned: a plant's history is its own. Immutable; build a new one when logs arrive.
 */
public final class SimilarLogs {
    /** A log with its (normalised) embedding. */
    public record Embedded(LogEntry log, float[] vector) {
        public Embedded {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(vector, "vector");
        }
    }

    private final LogEmbedder embedder;
    private final Map<String, List<Embedded>> byPlant;

    public SimilarLogs(LogEmbedder embedder, List<Embedded> logs) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        Map<String, List<Embedded>> map = new HashMap<>();
        for (Embedded e : logs) {
            if (e.vector().length != embedder.dimension()) {
                throw new IllegalArgumentException("log " + e.log().id() + " has a " + e.vector().length
                        + "-dimensional embedding, the model gives " + embedder.dimension());
            }
            map.computeIfAbsent(e.log().plant(), p -> new ArrayList<>()).add(e);
        }
        map.replaceAll((p, l) -> List.copyOf(l));
        this.byPlant = Map.copyOf(map);
    }

    /** Embeds the logs (all of them, in-process) and indexes them. */
    public static SimilarLogs embed(LogEmbedder embedder, List<LogEntry> logs) {
        List<float[]> vectors =
                embedder.embedAll(logs.stream().map(LogEntry::embeddingText).toList());
        List<Embedded> embedded = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            embedded.add(new Embedded(logs.get(i), vectors.get(i)));
        }
        return new SimilarLogs(embedder, embedded);
    }

    /** The k logs of {@code plant} most similar to {@code query}, most similar first, with their similarity. */
    public List<MaintenanceRecord> nearest(String plant, String query, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be ≥ 0, got " + k);
        }
        List<Embedded> logs = byPlant.getOrDefault(plant, List.of());
        if (k == 0 || logs.isEmpty()) {
            return List.of();
        }
        float[] q = embedder.embed(query);
        record Scored(Embedded log, double score) {}
        return logs.stream()
                .map(e -> new Scored(e, LogEmbedder.cosine(q, e.vector())))
                .sorted(Comparator.comparingDouble(Scored::score)
                        .reversed()
                        .thenComparing(s -> s.log().log().id()))
                .limit(k)
                .map(s -> s.log().log().toRecord(Math.round(s.score() * 1000) / 1000.0))
                .toList();
    }

    public int size(String plant) {
        return byPlant.getOrDefault(plant, List.of()).size();
    }
}
