package io.pdm.inference.writer;

import io.pdm.inference.facts.FactSheet;
import java.util.List;

/**
 * Writes an alert's text from its fact sheet: what is wrong, how sure we are, what to do and by when,
 * citing the past logs it draws on as {@code [log id]}. Implementations may be slow or fail; the
 * {@link AlertTextPipeline} bounds them with a deadline and falls back to the {@link TemplateWriter}.
 */
public interface AlertWriter {
    /** Identifies the writer (and its model) in the alert record, e.g. "openai:llama3.1@http://…". */
    String id();

    /**
     * @param rewrite null on the first attempt; on the second, the rejected text and its violations
     */
    String write(FactSheet sheet, Rewrite rewrite) throws WriterException;

    /**
     * Texts the {@link AlertTextPipeline} lets this writer write per alert: 2 (a rewrite with the violations after a
     * rejected draft), or 1 for a writer whose rewrite could not do better, so a rejected draft goes to the template
     * at once.
     */
    default int attempts() {
        return 2;
    }

    /** Whether {@link #writeAll} writes a batch together, faster than one by one; else the pipeline parallelises. */
    default boolean batches() {
        return false;
    }

    /** First drafts of several sheets, in order; the default writes them one after another. */
    default List<Draft> writeAll(List<FactSheet> sheets) {
        List<Draft> out = new java.util.ArrayList<>(sheets.size());
        for (FactSheet sheet : sheets) {
            try {
                out.add(Draft.of(write(sheet, null)));
            } catch (WriterException e) {
                out.add(Draft.failed(e));
            }
        }
        return out;
    }

    /** A draft's text, or why there is none ({@link RejectedDraft} when the writer rejected its own draft). */
    record Draft(String text, WriterException failure) {
        public Draft {
            if ((text == null) == (failure == null)) {
                throw new IllegalArgumentException("a draft is a text or a failure");
            }
        }

        public static Draft of(String text) {
            return new Draft(text, null);
        }

        public static Draft failed(WriterException failure) {
            return new Draft(null, failure);
        }
    }

    /**
     * A draft the writer itself found wrong before any text existed (a slot writer's draft naming a fact the sheet
     * lacks): the draft as written and the violations, which the alert records like the grounding check's.
     */
    final class RejectedDraft extends WriterException {
        private static final long serialVersionUID = 1L;
        private final String draft;
        private final transient List<Violation> violations;

        public RejectedDraft(String writerId, String draft, List<Violation> violations) {
            super(writerId + " wrote a draft with facts the sheet lacks: " + violations);
            this.draft = draft;
            this.violations = List.copyOf(violations);
        }

        public String draft() {
            return draft;
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** The previous attempt and what the grounding check found wrong with it. */
    record Rewrite(String rejectedText, List<Violation> violations) {
        public Rewrite {
            violations = List.copyOf(violations);
        }

        /** The instruction appended to the prompt for the second attempt. */
        public String instruction() {
            StringBuilder t = new StringBuilder(
                    "Your previous text was rejected because it states things that are not in the facts:\n");
            violations.forEach(v -> t.append("- ").append(v).append('\n'));
            return t.append("Write it again using only the facts above.\n").toString();
        }
    }

    /** The instructions every language-model writer gives, so all of them aim at the same text. */
    String INSTRUCTIONS = """
            You write one maintenance alert for a plant technician from the facts below. Say what is wrong, \
            how sure we are, what to do and by when. Use only numbers, units, dates, ids and parts that appear \
            in the facts, written as they appear there. Cite each past log you draw on by its id in square \
            brackets, e.g. [log-17]. At most four sentences, plain text, no lists.""";
}
