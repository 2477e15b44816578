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
