package io.pdm.model.checkpoint;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.io.Safetensors;
import io.pdm.model.nn.HostArrays;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * A base model directory in Hugging Face layout: {@code config.json} and {@code model.safetensors}
 * (or shards listed in {@code model.safetensors.index.json}), plus {@code tokenizer.json} when the
 * model uses a Hugging Face tokenizer. Both the platform's own checkpoints and a Llama-family
 * checkpoint a user supplies load through here.
 */
public final class ModelCheckpoint {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";
    /** Each shard of a checkpoint may be this large (a 7B model's shards are about 5 GB). */
    private static final long MAX_SHARD_BYTES = 16L << 30;

    private ModelCheckpoint() {}

    /** Writes the model's base weights (without any attached adapter) and its configuration. */
    public static void save(PdmTransformer model, ModelConfig config, Path dir) throws IOException {
        Files.createDirectories(dir);
        config.write(dir.resolve(CONFIG));
        Safetensors.write(dir.resolve(WEIGHTS), HostArrays.toHost(model.baseWeights()), Map.of("format", "pt"));
    }

    public static ModelConfig readConfig(Path dir) throws IOException {
        return ModelConfig.read(dir.resolve(CONFIG));
    }

    /** Every tensor of the checkpoint, merged across shards. */
    public static TensorDict readTensors(Path dir) throws IOException {
        Path single = dir.resolve(WEIGHTS);
        if (Files.exists(single)) {
            return Safetensors.read(single, MAX_SHARD_BYTES).tensors();
        }
        Path index = dir.resolve(WEIGHTS_INDEX);
        if (!Files.exists(index)) {
            throw new IOException(dir + " has neither " + WEIGHTS + " nor " + WEIGHTS_INDEX);
        }
        JsonNode weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        TreeSet<String> shards = new TreeSet<>();
        for (Iterator<JsonNode> it = weightMap.elements(); it.hasNext(); ) {
            shards.add(it.next().asText());
        }
        if (shards.isEmpty()) {
            throw new IOException(index + " lists no shards in weight_map");
        }
        TensorDict all = TensorDict.empty();
        for (String shard : shards) {
            Path file = dir.resolve(shard).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new IOException("shard " + shard + " lies outside " + dir);
            }
            all = all.merge(Safetensors.read(file, MAX_SHARD_BYTES).tensors());
        }
        return all;
    }

    /** Loads the model with the configuration's shape; extra tensors in the files are ignored. */
    public static PdmTransformer load(Path dir, NDManager manager) throws IOException {
        ModelConfig config = readConfig(dir);
        return PdmTransformer.fromTensors(TransformerShape.of(config), manager, readTensors(dir));
    }

    /**
     * SHA-256 of the weights file(s), hex: identifies the base an adapter was trained on, so an adapter is
     * never applied to (or averaged across) different bases.
     */
    public static String baseHash(Path dir) throws IOException {
        MessageDigest digest = sha256();
        Path single = dir.resolve(WEIGHTS);
        Iterable<Path> files = Files.exists(single) ? java.util.List.of(single) : shardFiles(dir);
        for (Path file : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Iterable<Path> shardFiles(Path dir) throws IOException {
        JsonNode weightMap =
                new ObjectMapper().readTree(dir.resolve(WEIGHTS_INDEX).toFile()).path("weight_map");
        TreeSet<Path> files = new TreeSet<>();
        weightMap.elements().forEachRemaining(n -> files.add(dir.resolve(n.asText())));
        return files;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
