package io.pdm.embedded;

import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * User names and passwords the embedded broker accepts. Only SHA-256 digests of the passwords are kept, and a
 * CONNECT's password is compared in constant time, so a timing probe learns nothing about a password's prefix.
 */
final class MqttUsers {
    private final Map<String, byte[]> digests;

    private MqttUsers(Map<String, byte[]> digests) {
        this.digests = Map.copyOf(digests);
    }

    static MqttUsers of(Map<String, String> passwords) {
        Map<String, byte[]> d = new HashMap<>();
        passwords.forEach((user, password) -> d.put(user, sha256(password.getBytes(StandardCharsets.UTF_8))));
        return new MqttUsers(d);
    }

    /** Whether the CONNECT names a known user with its password. */
    boolean accepts(ConnectPacket connect) {
        Optional<String> user = connect.getUserName();
        Optional<ByteBuffer> password = connect.getPassword();
        if (user.isEmpty() || password.isEmpty()) return false;
        byte[] expected = digests.get(user.get());
        ByteBuffer buffer = password.get().asReadOnlyBuffer();
        byte[] given = new byte[buffer.remaining()];
        buffer.get(given);
        // Compare a digest even for an unknown user, so both cases take the same time.
        boolean same = MessageDigest.isEqual(sha256(given), expected == null ? new byte[32] : expected);
        return expected != null && same;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
