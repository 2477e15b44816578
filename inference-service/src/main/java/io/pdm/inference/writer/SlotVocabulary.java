package io.pdm.inference.writer;

import io.pdm.model.text.TextTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The slot writer's closed, word-level vocabulary: three specials ({@code <pad>}, {@code <bos>}, {@code <eos>}), the
 * {@link SlotPrompt} tokens, the {@link Slots#NAMES slot tokens} and the words and punctuation of the generator's
 * phrasings ({@link TargetTexts#words}). A text is its tokens separated by spaces, so {@link #encode} splits on
 * whitespace and refuses a word outside the vocabulary (training data outside it is a bug, not something to skip).
 * The list is saved in the checkpoint's card, so a checkpoint always decodes with the vocabulary it was trained on.
 */
public final class SlotVocabulary implements TextTokenizer {
    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    public SlotVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) {
            if (ids.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException(
                        "token '" + this.tokens.get(i) + "' appears twice in the vocabulary");
            }
        }
        if (!PAD.equals(at(0)) || !BOS.equals(at(1)) || !EOS.equals(at(2))) {
            throw new IllegalArgumentException("a slot vocabulary starts with " + PAD + ", " + BOS + ", " + EOS);
        }
    }

    /** The vocabulary of this build's generator. */
    public static SlotVocabulary standard() {
        LinkedHashSet<String> t = new LinkedHashSet<>(List.of(PAD, BOS, EOS));
        t.addAll(SlotPrompt.vocabulary());
        t.addAll(Slots.NAMES);
        t.addAll(TargetTexts.words());
        return new SlotVocabulary(new ArrayList<>(t));
    }

    public List<String> tokens() {
        return tokens;
    }

    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("'" + token + "' is not in the slot writer's vocabulary");
        }
        return id;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public int[] encode(List<String> sequence) {
        return sequence.stream().mapToInt(this::id).toArray();
    }

    /** The tokens of ids, specials left out. */
    public List<String> tokens(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id > EOS_ID && id < tokens.size()) {
                out.add(tokens.get(id));
            }
        }
        return out;
    }

    private static final int EOS_ID = 2;

    private String at(int i) {
        return i < tokens.size() ? tokens.get(i) : null;
    }

    @Override
    public int[] encode(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? new int[0] : encode(List.of(trimmed.split("\\s+")));
    }

    @Override
    public String decode(int[] ids) {
        StringJoiner j = new StringJoiner(" ");
        tokens(ids).forEach(j::add);
        return j.toString();
    }

    @Override
    public int vocabSize() {
        return tokens.size();
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return EOS_ID;
    }

    @Override
    public int padId() {
        return 0;
    }

    @Override
    public String name() {
        return "pdm-slots";
    }
}
