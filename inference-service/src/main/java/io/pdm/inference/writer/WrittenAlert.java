package io.pdm.inference.writer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The text an alert carries and how it came about.
 *
 * @param writerId    the writer whose text this is ({@link TemplateWriter#ID} after a fallback)
 * @param attempts    texts written for this alert, all writers together (the template's included)
 * @param grounded    whether this text passed the grounding check
 * @param rejected    violations of the texts that were rejected on the way (empty when the first passed)
 * @param fallback    why the template's text replaced the configured writer's, null when it did not
 * @param citedLogIds the log ids this text cites, in order
 */
public record WrittenAlert(
        String text,
        String writerId,
        int attempts,
        boolean grounded,
        List<Violation> rejected,
        String fallback,
        List<String> citedLogIds,
        Duration elapsed) {
    public WrittenAlert {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(writerId, "writerId");
        rejected = List.copyOf(rejected);
        citedLogIds = List.copyOf(citedLogIds);
    }
}
