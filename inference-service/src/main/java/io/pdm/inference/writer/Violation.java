package io.pdm.inference.writer;

import java.util.Objects;

/** One thing a text says that its fact sheet does not: what kind, the fragment, and why. */
public record Violation(Kind kind, String fragment, String reason) {
    public enum Kind {
        EMPTY,
        NUMBER,
        UNIT,
        DATE,
        ID,
        PART,
        LOG_ID,
        /** A slot writer's draft names a fact the sheet does not have (or a token that is no word of a text). */
        SLOT
    }

    public Violation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fragment, "fragment");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return kind + " '" + fragment + "': " + reason;
    }
}
