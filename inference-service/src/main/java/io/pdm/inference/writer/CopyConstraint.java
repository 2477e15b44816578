package io.pdm.inference.writer;

import io.pdm.model.nn.TextGenerator;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Constrained decoding for a byte-level writer: a number the model starts (a digit after a space or punctuation, not
 * inside an id like {@code pump-01} or {@code s11}) can only continue as a number of the prompt, written as the prompt
 * writes it, and a citation {@code [id]} only as an id of the prompt. Everything else is the model's choice. It makes
 * every number and cited id a copy of one the sheet holds; it does not make it the right one (a vibration value
 * written as a remaining life): the {@link GroundingCheck} still reads every text, and catches a number next to the
 * wrong unit. Bytes are read as ISO-8859-1 so that one token is one character.
 */
final class CopyConstraint implements TextGenerator.Constraint {
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** A log's id: the bracket that opens a {@code last:} or {@code log:} line (the interval's brackets are not ids). */
    private static final Pattern CITATION = Pattern.compile("(?m)^(?:last|log): \\[([^\\[\\]\\n]+)]");
    /** Characters that make a digit part of an identifier rather than the start of a number. */
    private static final String JOINERS = "._-/";

    private final Set<String> numbers = new HashSet<>();
    private final Set<String> numberPrefixes = new HashSet<>();
    private final Set<String> ids = new HashSet<>();
    private final Set<String> idPrefixes = new HashSet<>();

    private CopyConstraint() {}

    /** The numbers and ids of the prompt, leaving out its {@code avoid:} line (the rejected fragments). */
    static CopyConstraint of(String prompt) {
        CopyConstraint c = new CopyConstraint();
        String text = latin1(prompt).replaceAll("(?m)^avoid:.*$", "");
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            c.numbers.add(n.group());
            prefixes(n.group(), c.numberPrefixes);
        }
        Matcher id = CITATION.matcher(text);
        while (id.find()) {
            c.ids.add(id.group(1));
            prefixes(id.group(1), c.idPrefixes);
        }
        return c;
    }

    @Override
    public void restrict(int[] sequence, int promptLength, int length, float[] logits) {
        StringBuilder generated = new StringBuilder(length - promptLength);
        for (int i = promptLength; i < length; i++) {
            generated.append(sequence[i] < 256 ? (char) sequence[i] : ' ');
        }
        String g = generated.toString();
        int open = g.lastIndexOf('[');
        if (open > g.lastIndexOf(']')) {
            String p = g.substring(open + 1);
            apply(logits, c -> idPrefixes.contains(p + c) || (c == ']' && ids.contains(p)));
            return;
        }
        int start = g.length();
        while (start > 0 && (Character.isDigit(g.charAt(start - 1)) || g.charAt(start - 1) == '.')) {
            start--;
        }
        String p = g.substring(start);
        boolean boundary = start == 0 || !joined(g.charAt(start - 1));
        if (p.isEmpty()) {
            if (boundary) {
                apply(logits, c -> !Character.isDigit(c) || numberPrefixes.contains(String.valueOf(c)));
            }
            return;
        }
        if (!boundary || p.indexOf('.') != p.lastIndexOf('.') || p.startsWith(".")) {
            return; // inside an id, or a sentence's full stop after a number: the model's choice
        }
        boolean complete = numbers.contains(p);
        apply(
                logits,
                c -> Character.isDigit(c) || c == '.'
                        ? numberPrefixes.contains(p + c) || (c == '.' && complete)
                        : complete);
    }

    private static boolean joined(char c) {
        return Character.isLetterOrDigit(c) || JOINERS.indexOf(c) >= 0;
    }

    private interface Allowed {
        boolean test(char c);
    }

    /** Masks what is not allowed; leaves the logits as they are if that would allow nothing. */
    private static void apply(float[] logits, Allowed allowed) {
        boolean[] keep = new boolean[logits.length];
        boolean any = false;
        for (int t = 0; t < logits.length; t++) {
            keep[t] = allowed.test(t < 256 ? (char) t : '\u0000');
            any |= keep[t];
        }
        if (!any) {
            return;
        }
        for (int t = 0; t < logits.length; t++) {
            if (!keep[t]) {
                logits[t] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private static void prefixes(String s, Set<String> into) {
        for (int i = 1; i <= s.length(); i++) {
            into.add(s.substring(0, i));
        }
    }

    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
