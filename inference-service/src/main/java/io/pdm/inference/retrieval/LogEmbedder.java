package io.pdm.inference.retrieval;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * Sentence embeddings computed in-process: all-MiniLM-L6-v2 (384 dimensions, a Sentence-Transformers model)
 * as ONNX, run by ONNX Runtime. The model file ships inside the langchain4j jar from Maven Central, so it
 * works offline; loading takes about a second. Vectors are L2-normalised, so cosine similarity is the dot
 * product. Thread-safe.
 */
public final class LogEmbedder {
    public static final String MODEL_ID = "all-minilm-l6-v2";

    private final EmbeddingModel model;

    public LogEmbedder() {
        this.model = new AllMiniLmL6V2EmbeddingModel();
    }

    /** Identifies the model in stored embeddings, so vectors of two models are never compared. */
    public String modelId() {
        return MODEL_ID;
    }

    public int dimension() {
        return model.dimension();
    }

    public float[] embed(String text) {
        return normalised(model.embed(text).content().vector());
    }

    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream()
                .map(e -> normalised(e.vector()))
                .toList();
    }

    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            throw new IllegalStateException("the embedding model returned a zero vector");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
