package io.pdm.model.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file does not have the expected structure; the message names the file and line. */
public class MalformedDataException extends IOException {
    public MalformedDataException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    public MalformedDataException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
