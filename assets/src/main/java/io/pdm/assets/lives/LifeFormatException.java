package io.pdm.assets.lives;

import java.io.IOException;
import java.nio.file.Path;

/** A file of lives is malformed; the message is {@code file:line: problem} (or {@code file: problem}). */
public final class LifeFormatException extends IOException {
    private final Path file;
    private final long line;
    private final String problem;

    public LifeFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public LifeFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = 0;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
