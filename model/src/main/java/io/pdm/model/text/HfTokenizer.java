package io.pdm.model.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's native (Rust) tokenizers library. No special tokens
 * are added, nothing is truncated or padded: sequences are assembled by the caller as with
 * {@link ByteTokenizer}. The special-token ids and vocabulary size are read from the JSON file itself.
 */
public final class HfTokenizer implements TextTokenizer, AutoCloseable {
    /** Names of the special tokens in the vocabulary; GPT-2 style files use one token for all three. */
    public record SpecialTokens(String bos, String eos, String pad) {
        public static final SpecialTokens DEFAULT = new SpecialTokens("<bos>", "<eos>", "<pad>");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final String name;
    private final int vocabSize;
    private final int bosId;
    private final int eosId;
    private final int padId;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, String name, int vocabSize, int bosId, int eosId, int padId) {
        this.tokenizer = tokenizer;
        this.name = name;
        this.vocabSize = vocabSize;
        this.bosId = bosId;
        this.eosId = eosId;
        this.padId = padId;
    }

    public static HfTokenizer load(Path tokenizerJson, SpecialTokens specials) throws IOException {
        byte[] bytes = Files.readAllBytes(tokenizerJson);
        Map<String, Integer> vocabulary =
                vocabulary(JsonMapper.builder().build().readTree(bytes), tokenizerJson);
        int vocabSize =
                vocabulary.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        int bos = idOf(vocabulary, specials.bos(), tokenizerJson);
        int eos = idOf(vocabulary, specials.eos(), tokenizerJson);
        int pad = idOf(vocabulary, specials.pad(), tokenizerJson);
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
        // The content hash in the name ties a trained model to this exact vocabulary.
        String name = "hf:" + tokenizerJson.getFileName() + "@" + sha256(bytes).substring(0, 12);
        return new HfTokenizer(tokenizer, name, vocabSize, bos, eos, pad);
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    @Override
    public String decode(int[] ids) {
        long[] longIds = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longIds[i] = ids[i];
        }
        return tokenizer.decode(longIds, true);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int bosId() {
        return bosId;
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public int padId() {
        return padId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Token → id from {@code model.vocab} (a map, or Unigram's list of [token, score]) and {@code added_tokens}. */
    private static Map<String, Integer> vocabulary(JsonNode root, Path file) throws IOException {
        JsonNode vocab = root.path("model").path("vocab");
        Map<String, Integer> ids = new HashMap<>();
        if (vocab.isObject()) {
            vocab.properties().forEach(e -> ids.put(e.getKey(), e.getValue().asInt()));
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).get(0).asText(), i);
            }
        } else {
            throw new IOException(file + ": no model.vocab, not a Hugging Face tokenizer.json");
        }
        for (JsonNode added : root.path("added_tokens")) {
            ids.put(added.path("content").asText(), added.path("id").asInt());
        }
        return ids;
    }

    private static int idOf(Map<String, Integer> vocabulary, String token, Path file) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new IllegalArgumentException(file + " has no token '" + token + "'");
        }
        return id;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
