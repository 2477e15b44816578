package io.pdm.model.text;

/**
 * Text ↔ token ids for the language-model head. {@link #encode} returns the text's tokens only; callers
 * add {@link #bosId()} / {@link #eosId()} where a sequence needs them, and {@link #decode} drops special ids.
 */
public interface TextTokenizer {
    int[] encode(String text);

    String decode(int[] ids);

    int vocabSize();

    int bosId();

    int eosId();

    int padId();

    /** Identifies the tokenizer in model metadata, so a model is never paired with another vocabulary. */
    String name();
}
