package io.pdm.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API keys of a service's REST API (ingest's intake, a plant's inference API), one per line: {@code plant sha256-hex} (the SHA-256 of the key, in hex), {@code #}
 * starts a comment. Only digests are kept, so the file (a Kubernetes secret, say) never holds a usable key, and a
 * presented key is hashed and compared with every entry in constant time. A key may be listed for several plants.
 * It lives in {@code schemas} beside {@link KafkaSecurity}: a file format and check every service with a REST API
 * shares, and the one module they all depend on.
 *
 * <pre>
 * KEY=$(openssl rand -hex 32)                   # give $KEY to plant-a's clients
 * printf 'plant-a %s\n' "$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)" >> api-keys
 * </pre>
 */
public final class ApiKeys {
    private record Entry(String plant, byte[] digest) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the file; a malformed line fails with its number, so a typo cannot lock a plant out silently. */
    public static ApiKeys load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("API keys file: cannot read " + file, e);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || !Ids.isValid(parts[0]) || !parts[1].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(
                        file + " line " + (i + 1) + ": expected 'plant sha256-hex-of-the-key' (64 hex digits)");
            }
            entries.add(new Entry(parts[0], HexFormat.of().parseHex(parts[1])));
        }
        if (entries.isEmpty()) throw new IllegalArgumentException(file + " lists no API key");
        return new ApiKeys(entries);
    }

    /** The hex SHA-256 of a key, as the file lists it. */
    public static String digestHex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The plants this key may write to; empty when it is no key of ours. Every entry is compared, always. */
    public Set<String> plantsOf(String key) {
        byte[] presented = sha256(key);
        Set<String> plants = new LinkedHashSet<>();
        for (Entry e : entries) if (MessageDigest.isEqual(presented, e.digest())) plants.add(e.plant());
        return plants;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + entries.size() + " key(s)]";
    }
}
