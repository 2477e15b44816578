package io.pdm.model.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replacing a state file so that a crash mid-write leaves the previous version readable: the content is written to
 * a sibling {@code <name>.tmp}, then moved over the target in one atomic step.
 */
public final class AtomicFiles {

    /** Writes the new content to the file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {}

    /** Replaces {@code target} with what {@code content} writes, creating the parent directories if needed. */
    public static void replace(Path target, Content content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        content.writeTo(temporary);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces {@code target} with {@code text} in UTF-8. */
    public static void replace(Path target, String text) throws IOException {
        replace(target, file -> Files.writeString(file, text, StandardCharsets.UTF_8));
    }
}
