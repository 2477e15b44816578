package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * JSON already encoded (UTF-8 bytes), written into a generator's output as it is. The CloudEvents SDK writes a
 * {@code JsonCloudEventData} node through the generator, but turns any other data into a Java string and back into
 * UTF-8 (its serializer's own comment: "really bad b/c it allocates stuff"): a third of an event's encoding in the
 * profile. Wrapped as a raw value in such a node, the event's data bytes are copied once, unchanged.
 */
final class RawJson implements SerializableString {
    private final byte[] utf8;
    private String text;

    RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    @Override
    public String getValue() {
        if (text == null) text = new String(utf8, StandardCharsets.UTF_8);
        return text;
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return utf8.clone();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (utf8.length > buffer.length - offset) return -1;
        System.arraycopy(utf8, 0, buffer, offset, utf8.length);
        return utf8.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (utf8.length > buffer.remaining()) return -1;
        buffer.put(utf8);
        return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String s = getValue();
        if (s.length() > buffer.length - offset) return -1;
        s.getChars(0, s.length(), buffer, offset);
        return s.length();
    }

    // raw JSON is never written as a quoted string: these exist for the interface only
    @Override
    public char[] asQuotedChars() {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public String toString() {
        return getValue();
    }
}
