package io.pdm.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code DIR/.pdm.lock} (an OS file lock: released when the process dies, even by
 * {@code kill -9}) that records the holder's pid.
 *
 * <p>Why: a second in-process Kafka started on a data dir in use (issue 14: the demo started again
 * while the first one was still draining after SIGTERM) opens the KRaft metadata log before Kafka's own
 * log-dir lock refuses it, and its recovery truncates the log under the running broker, which then
 * halts with {@code CorruptRecordException}. Taking this lock before anything opens the dir prevents it.
 */
public final class DirLock implements AutoCloseable {
    private static final String FILE = ".pdm.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (created if missing) or throws {@link InUseException} naming the holder's pid. */
    public static DirLock acquire(Path dir, String what) {
        Path file = DataDirs.ensure(dir).resolve(FILE);
        try {
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                String holder =
                        Files.readString(file, StandardCharsets.US_ASCII).strip();
                ch.close();
                throw new InUseException(what + " data dir " + dir + " is in use by process " + holder
                        + "; stop that process first (it may still be draining) or use another data dir");
            }
            ch.truncate(0);
            ch.write(
                    ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            ch.force(false);
            return new DirLock(ch, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel released the lock anyway
        }
    }

    /** The data dir belongs to another running process (or another component of this one). */
    public static final class InUseException extends IllegalStateException {
        InUseException(String message) {
            super(message);
        }
    }
}
