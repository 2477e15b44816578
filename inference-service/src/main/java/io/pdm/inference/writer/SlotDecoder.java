package io.pdm.inference.writer;

import io.pdm.inference.facts.FactSheet;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TextGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Drafts the slot writer's texts: every sheet's {@link SlotPrompt} behind the begin token, all of them decoded as one
 * batch ({@link TextGenerator#generateBatch}; the prompts have one length), each row's slot sequence rendered by
 * {@link Slots#render}. Greedy, so the same sheet always gets the same draft, alone or in any batch; a rewrite
 * samples ({@link #resample}).
 */
final class SlotDecoder {
    private final PdmTransformer model;
    private final SlotVocabulary vocabulary;
    private final int maxNewTokens;

    SlotDecoder(PdmTransformer model, SlotVocabulary vocabulary, int maxNewTokens) {
        this.model = Objects.requireNonNull(model, "model");
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.maxNewTokens = maxNewTokens;
    }

    /**
     * One sheet's draft.
     *
     * @param slots    the slot sequence the model wrote
     * @param rendered its text and the slots the sheet lacks
     * @param ended    whether the model ended the text (false: it ran to the token limit, the text is cut)
     */
    record Draft(List<String> slots, Slots.Rendered rendered, boolean ended) {
        Draft {
            slots = List.copyOf(slots);
        }

        /** What is wrong with the draft before the grounding check reads it: missing slots, or no end. */
        List<Violation> rejected() {
            List<Violation> v = new ArrayList<>(rendered.missing());
            if (!ended) {
                v.add(new Violation(
                        Violation.Kind.EMPTY, String.join(" ", slots), "the text did not end within the token limit"));
            }
            return List.copyOf(v);
        }
    }

    /**
     * Decodes a few tokens of a made-up prompt once, so that the first alert does not pay for PyTorch's first use of
     * each operation (about a second on this machine; it was the bench's slowest text).
     */
    void warmUp() {
        int[] prompt = new int[1 + SlotPrompt.LENGTH];
        prompt[0] = vocabulary.bosId();
        java.util.Arrays.fill(
                prompt, 1, prompt.length, vocabulary.id(SlotPrompt.vocabulary().get(0)));
        TextGenerator.generateBatch(
                model,
                new int[][] {prompt, prompt},
                TextGenerator.Sampling.greedy(Math.min(8, maxNewTokens), vocabulary.eosId()),
                new long[2]);
    }

    /** Greedy drafts of every sheet, decoded as one batch. */
    List<Draft> draft(List<FactSheet> sheets) {
        return decode(sheets, TextGenerator.Sampling.greedy(maxNewTokens, vocabulary.eosId()), new long[sheets.size()]);
    }

    /**
     * A second draft after a rejected one: greedy would repeat it, so this one samples (top 4, temperature 0.5), seeded
     * by the caller (the alert's fingerprint) so that the same alert always gets the same rewrite.
     */
    Draft resample(FactSheet sheet, long seed) {
        return decode(
                        List.of(sheet),
                        new TextGenerator.Sampling(maxNewTokens, 0.5, 4, seed, vocabulary.eosId(), true),
                        new long[] {seed})
                .get(0);
    }

    private List<Draft> decode(List<FactSheet> sheets, TextGenerator.Sampling sampling, long[] seeds) {
        if (sheets.isEmpty()) {
            return List.of();
        }
        int[][] prompts = new int[sheets.size()][];
        for (int i = 0; i < prompts.length; i++) {
            int[] p = vocabulary.encode(SlotPrompt.tokens(sheets.get(i)));
            prompts[i] = new int[p.length + 1];
            prompts[i][0] = vocabulary.bosId();
            System.arraycopy(p, 0, prompts[i], 1, p.length);
        }
        int[][] out = TextGenerator.generateBatch(model, prompts, sampling, seeds);
        List<Draft> drafts = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            // every id as its token, specials too: a <pad> in a text is reported by the renderer, not dropped
            List<String> slots =
                    Arrays.stream(out[i]).mapToObj(vocabulary::token).toList();
            boolean ended = out[i].length < maxNewTokens;
            drafts.add(new Draft(slots, Slots.render(slots, sheets.get(i)), ended));
        }
        return drafts;
    }
}
