package io.pdm.alerting.notify.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SentKeys} that survive a restart: every (receiver, key) a receiver accepted is appended to a file as one
 * line, and the file is read back on {@link #open}. A line is the first 16 bytes of SHA-256(receiver, key) in hex, not
 * the receiver itself: a webhook URL often holds a secret, and fixed-length lines make a torn write easy to spot.
 *
 * <p>Each append is forced to disk before {@link #sent} returns, so only a crash between the receiver's answer and
 * that write sends again (the receiver then sees the same idempotency key). Keys being sent (claimed, no answer yet)
 * are in memory only. The last {@code capacity} keys are kept; when the file holds twice that many lines it is
 * rewritten with the kept ones (a temporary file moved over it atomically). A torn last line (a crash mid-write) is
 * cut off on open.
 */
public final class FileSentKeys implements SentKeys, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileSentKeys.class);
    private static final int HASH_HEX = 32;

    private final Path file;
    private final int capacity;
    private final LinkedHashSet<String> sent = new LinkedHashSet<>();
    private final Set<String> claimed = new HashSet<>();
    private FileChannel channel;
    private long lines;

    private FileSentKeys(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /** Reads what the file remembers (a missing file is an empty memory) and opens it for appending. */
    public static FileSentKeys open(Path file, int capacity) throws IOException {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        FileSentKeys keys = new FileSentKeys(file, capacity);
        keys.load();
        return keys;
    }

    private void load() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') end--; // a torn last line: never finished, so never sent
            int bad = 0;
            for (String line : new String(bytes, 0, end, StandardCharsets.US_ASCII).split("\n")) {
                if (line.isEmpty()) continue;
                if (line.length() != HASH_HEX || !line.chars().allMatch(FileSentKeys::isHex)) {
                    bad++;
                    continue;
                }
                remember(line);
                lines++;
            }
            if (end < bytes.length || bad > 0) {
                LOG.warn(
                        "{}: ignored {} bad line(s) and {} byte(s) of a torn last line", file, bad, bytes.length - end);
            }
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channel.truncate(end);
            channel.position(end);
        } else {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        }
        LOG.info("{}: {} sent notification key(s) remembered", file, sent.size());
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    @Override
    public synchronized boolean claim(String receiver, String idempotencyKey) {
        String h = hash(receiver, idempotencyKey);
        if (sent.contains(h)) return false;
        return claimed.add(h);
    }

    @Override
    public synchronized void release(String receiver, String idempotencyKey) {
        claimed.remove(hash(receiver, idempotencyKey));
    }

    /** Records the key on disk; an I/O error is logged, not thrown: the receiver has the message either way. */
    @Override
    public synchronized void sent(String receiver, String idempotencyKey) {
        String h = hash(receiver, idempotencyKey);
        claimed.remove(h);
        remember(h);
        try {
            channel.write(ByteBuffer.wrap((h + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            lines++;
            if (lines > 2L * capacity) compact();
        } catch (IOException e) {
            LOG.error(
                    "{}: could not record a sent notification key (a restart may send it again): {}",
                    file,
                    e.toString());
        }
    }

    /** Whether a send of this key to this receiver was recorded. */
    public synchronized boolean wasSent(String receiver, String idempotencyKey) {
        return sent.contains(hash(receiver, idempotencyKey));
    }

    public synchronized int size() {
        return sent.size();
    }

    private void remember(String h) {
        sent.remove(h); // re-insert as the newest
        sent.add(h);
        if (sent.size() > capacity) {
            Iterator<String> oldest = sent.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> kept = new ArrayList<>(sent);
        StringBuilder b = new StringBuilder(kept.size() * (HASH_HEX + 1));
        kept.forEach(h -> b.append(h).append('\n'));
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = kept.size();
    }

    static String hash(String receiver, String idempotencyKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(receiver.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(idempotencyKey.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
