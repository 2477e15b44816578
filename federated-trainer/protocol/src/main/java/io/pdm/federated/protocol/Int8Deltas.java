package io.pdm.federated.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.io.SafetensorsFile;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The 8-bit wire format of a PLAIN delta upload: every tensor as signed 8-bit integers (safetensors dtype {@code I8})
 * with one float32 scale per tensor, so a delta costs about a quarter of its F32 size.
 *
 * <p>Per tensor, scale {@code s = max|x| / 127} and level {@code q = floor(x / s + u)} with {@code u} uniform in
 * [0, 1): stochastic rounding, so {@code E[q·s] = x} and the FedAvg of many plants' quantised deltas is unbiased
 * (deterministic rounding would bias every plant the same way for small coordinates). A coordinate's error is less
 * than one step {@code s}; its round trip through {@link #nearest nearest rounding} is within half a step.
 *
 * <p>On the wire: the safetensors metadata carries {@code pdm.delta_encoding = int8-per-tensor} and
 * {@code pdm.int8_scales}, the scales in tensor-name order (the order safetensors stores the tensors in), as
 * comma-separated decimal floats that round-trip exactly. {@link AdapterArithmetic#decode} dequantises such a file,
 * so the aggregator computes on float32 as for F32, F16 or BF16 uploads; a file with I8 tensors and without the
 * encoding, or with scales that do not match its tensors, is refused with the reason.
 */
public final class Int8Deltas {

    public static final String ENCODING_KEY = "pdm.delta_encoding";
    public static final String INT8_PER_TENSOR = "int8-per-tensor";
    public static final String SCALES_KEY = "pdm.int8_scales";
    static final int LEVELS = 127;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Int8Deltas() {}

    /** Integer levels in [-127, 127] per tensor and the tensors' scales; {@code levels · scale} is the delta sent. */
    public record Quantised(TensorDict levels, Map<String, Float> scales) {

        public Quantised {
            scales = Map.copyOf(scales);
        }

        public TensorDict dequantised() {
            TensorDict.Builder out = TensorDict.builder();
            levels.asMap()
                    .forEach((name, tensor) -> out.put(name, times(tensor.data(), scales.get(name)), tensor.shape()));
            return out.build();
        }
    }

    /** Stochastic rounding (unbiased): each coordinate goes to one of its two neighbouring levels. */
    public static Quantised quantise(TensorDict delta, RandomGenerator random) {
        return quantiseWith(delta, random::nextDouble);
    }

    /** Round to the nearest level: deterministic, error at most half a step, but biased for small coordinates. */
    public static Quantised nearest(TensorDict delta) {
        return quantiseWith(delta, () -> 0.5);
    }

    /**
     * Stochastic rounding whose dequantised norm stays within {@code maxNorm} (the round's bound, which the aggregator
     * checks on what it decodes): rounding can lengthen a delta clipped to the bound, so a draw above it is redrawn
     * from the delta shrunk by the excess; after a few draws, nearest rounding of a delta shrunk by its worst-case
     * error is used, which is always within.
     */
    public static Quantised quantiseWithin(TensorDict delta, double maxNorm, RandomGenerator random) {
        TensorDict x = delta;
        for (int attempt = 0; attempt < 8; attempt++) {
            Quantised q = quantise(x, random);
            double norm = q.dequantised().l2Norm();
            if (norm <= maxNorm) {
                return q;
            }
            x = x.scale(maxNorm / norm * (1 - 1e-6));
        }
        Quantised q = nearest(x);
        double halfSteps = 0;
        for (Map.Entry<String, HostTensor> e : x.asMap().entrySet()) {
            double half = q.scales().get(e.getKey()) / 2.0;
            halfSteps += e.getValue().numel() * half * half;
        }
        double target = Math.max(0, maxNorm - Math.sqrt(halfSteps));
        double norm = x.l2Norm();
        return nearest(norm > target ? x.scale(target / norm) : x);
    }

    /** The upload: {@code q} as I8 tensors, {@code metadata} plus the encoding and the scales. */
    public static byte[] encode(Quantised q, Map<String, String> metadata) {
        Map<String, String> all = new HashMap<>(metadata);
        all.put(ENCODING_KEY, INT8_PER_TENSOR);
        List<String> scales = new ArrayList<>();
        q.levels().names().forEach(name -> scales.add(Float.toString(q.scales().get(name))));
        all.put(SCALES_KEY, String.join(",", scales));
        return Safetensors.encode(q.levels(), all, SafetensorsDtype.I8);
    }

    /**
     * The file's tensors as float32: dequantised when it says {@code int8-per-tensor}, as read otherwise.
     *
     * @param bytes the file {@code file} was parsed from, to check that I8 tensors come only with the encoding
     */
    static TensorDict dequantise(SafetensorsFile file, byte[] bytes) {
        String encoding = file.metadata().get(ENCODING_KEY);
        if (encoding == null) {
            if (hasInt8Tensor(bytes)) {
                throw new IllegalArgumentException(
                        "I8 tensors without " + ENCODING_KEY + "=" + INT8_PER_TENSOR + " and their scales");
            }
            return file.tensors();
        }
        if (!INT8_PER_TENSOR.equals(encoding)) {
            throw new IllegalArgumentException(
                    "unknown " + ENCODING_KEY + " '" + encoding + "'; this reader knows " + INT8_PER_TENSOR);
        }
        String listed = file.metadata().get(SCALES_KEY);
        if (listed == null) {
            throw new IllegalArgumentException(INT8_PER_TENSOR + " delta lacks " + SCALES_KEY);
        }
        String[] scales = listed.split(",", -1);
        if (scales.length != file.tensors().size()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s lists %d scales for %d tensors",
                    SCALES_KEY,
                    scales.length,
                    file.tensors().size()));
        }
        TensorDict.Builder out = TensorDict.builder();
        Iterator<Map.Entry<String, HostTensor>> tensors =
                file.tensors().asMap().entrySet().iterator();
        for (String text : scales) {
            Map.Entry<String, HostTensor> tensor = tensors.next();
            float scale = parseScale(text, tensor.getKey());
            for (float level : tensor.getValue().data()) {
                if (Math.abs(level) > LEVELS || level != Math.rint(level)) {
                    throw new IllegalArgumentException("tensor '" + tensor.getKey() + "' has level " + level
                            + ", outside the int8 levels [-127, 127]");
                }
            }
            out.put(
                    tensor.getKey(),
                    times(tensor.getValue().data(), scale),
                    tensor.getValue().shape());
        }
        return out.build();
    }

    private static Quantised quantiseWith(TensorDict delta, java.util.function.DoubleSupplier offset) {
        TensorDict.Builder levels = TensorDict.builder();
        Map<String, Float> scales = new HashMap<>();
        delta.asMap().forEach((name, tensor) -> {
            float[] x = tensor.data();
            float max = 0;
            for (float v : x) {
                max = Math.max(max, Math.abs(v));
            }
            if (!Float.isFinite(max)) {
                throw new IllegalArgumentException("tensor '" + name + "' has NaN or infinite values");
            }
            float scale = max / LEVELS;
            float[] q = new float[x.length];
            if (scale > 0) {
                for (int i = 0; i < x.length; i++) {
                    double level = Math.floor(x[i] / (double) scale + offset.getAsDouble());
                    q[i] = (float) Math.max(-LEVELS, Math.min(LEVELS, level)); // |x/s| <= 127 already; guards rounding
                }
            }
            levels.put(name, q, tensor.shape());
            scales.put(name, scale);
        });
        return new Quantised(levels.build(), scales);
    }

    private static float parseScale(String text, String tensor) {
        float scale;
        try {
            scale = Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale of tensor '" + tensor + "' is not a number: '" + text + "'");
        }
        if (!Float.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("scale of tensor '" + tensor + "' must be finite and >= 0, was " + text);
        }
        return scale;
    }

    private static float[] times(float[] levels, float scale) {
        float[] out = new float[levels.length];
        for (int i = 0; i < levels.length; i++) {
            out[i] = levels[i] * scale;
        }
        return out;
    }

    /** Whether the (already validated) safetensors header lists an I8 tensor. */
    private static boolean hasInt8Tensor(byte[] bytes) {
        int length = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        try {
            JsonNode header = JSON.readTree(new String(bytes, 8, length, StandardCharsets.UTF_8));
            for (JsonNode entry : header) {
                if (SafetensorsDtype.I8.name().equals(entry.path("dtype").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalArgumentException("safetensors header unreadable: " + e.getMessage(), e);
        }
    }
}
