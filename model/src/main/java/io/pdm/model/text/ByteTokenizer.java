package io.pdm.model.text;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes as tokens: id {@code b} is byte {@code b} (0–255), followed by four special ids. Needs no
 * vocabulary file and can encode any text, at the price of longer sequences than a subword tokenizer.
 */
public final class ByteTokenizer implements TextTokenizer {
    public static final int PAD = 256;
    public static final int BOS = 257;
    public static final int EOS = 258;
    /** Separates segments (e.g. facts and alert) inside one sequence. */
    public static final int SEP = 259;

    public static final int VOCAB_SIZE = 260;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    /**
     * Drops special ids; byte sequences that are not valid UTF-8 (a model can generate any bytes) become
     * U+FFFD replacement characters instead of failing.
     */
    @Override
    public String decode(int[] ids) {
        byte[] bytes = new byte[ids.length];
        int length = 0;
        for (int id : ids) {
            if (id < 0 || id >= VOCAB_SIZE) {
                throw new IllegalArgumentException(
                        "token id " + id + " is outside the byte vocabulary of " + VOCAB_SIZE);
            }
            if (id < PAD) {
                bytes[length++] = (byte) id;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return VOCAB_SIZE;
    }

    @Override
    public int bosId() {
        return BOS;
    }

    @Override
    public int eosId() {
        return EOS;
    }

    @Override
    public int padId() {
        return PAD;
    }

    public int sepId() {
        return SEP;
    }

    @Override
    public String name() {
        return "bytes-utf8-260";
    }
}
