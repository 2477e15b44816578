package io.pdm.model.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.pdm.model.tensor.HostTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and validated JSON header of a safetensors file. Parsed token by token rather than
 * bound to classes so that every deviation (duplicate or unknown keys, wrong types, negative or
 * overflowing numbers) gets its own message instead of being coerced or ignored.
 *
 * @param entries  the tensors sorted by their position in the data buffer
 * @param metadata the {@code __metadata__} strings, empty when absent
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    static final String METADATA_KEY = "__metadata__";
    private static final JsonFactory JSON = new JsonFactory();

    /** One tensor: bytes [begin, end) of the data buffer. */
    record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
        int numel() {
            return Math.toIntExact((end - begin) / dtype.byteSize);
        }
    }

    /**
     * Parses {@code json} and checks that its tensors tile a data buffer of {@code bufferLength}
     * bytes exactly: in bounds, contiguous, without overlap, each as long as dtype and shape demand.
     */
    static SafetensorsHeader parse(String json, long bufferLength) throws SafetensorsFormatException {
        SafetensorsHeader header;
        try (JsonParser parser = JSON.createParser(json)) {
            header = parseObject(parser);
        } catch (SafetensorsFormatException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException("header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a String cannot fail", e);
        }
        header.checkLayout(bufferLength);
        return header;
    }

    private static SafetensorsHeader parseObject(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw fail("header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        Set<String> keys = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (!keys.add(key)) {
                throw fail(key.equals(METADATA_KEY) ? "duplicate __metadata__" : "duplicate tensor name '" + key + "'");
            }
            parser.nextToken();
            if (key.equals(METADATA_KEY)) {
                metadata = parseMetadata(parser);
            } else {
                entries.add(parseEntry(parser, key));
            }
        }
        if (parser.nextToken() != null) {
            throw fail("header has content after its JSON object");
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static Map<String, String> parseMetadata(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw fail("__metadata__ is not an object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw fail("__metadata__ value of '" + key + "' is not a string");
            }
            if (metadata.putIfAbsent(key, parser.getText()) != null) {
                throw fail("duplicate __metadata__ key '" + key + "'");
            }
        }
        return metadata;
    }

    private static Entry parseEntry(JsonParser parser, String name) throws IOException {
        if (name.isEmpty()) {
            throw fail("a tensor has an empty name");
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw fail("tensor '" + name + "' is not described by an object");
        }
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            boolean seen;
            switch (key) {
                case "dtype" -> {
                    seen = dtypeName != null;
                    if (parser.currentToken() != JsonToken.VALUE_STRING) {
                        throw fail("tensor '" + name + "' has a dtype that is not a string");
                    }
                    dtypeName = parser.getText();
                }
                case "shape" -> {
                    seen = shape != null;
                    shape = parseNaturals(parser, name, key);
                }
                case "data_offsets" -> {
                    seen = offsets != null;
                    offsets = parseNaturals(parser, name, key);
                }
                default -> throw fail("tensor '" + name + "' has an unknown key '" + key + "'");
            }
            if (seen) {
                throw fail("tensor '" + name + "' has a duplicate key '" + key + "'");
            }
        }
        if (dtypeName == null || shape == null || offsets == null) {
            String missing = dtypeName == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw fail("tensor '" + name + "' lacks '" + missing + "'");
        }
        SafetensorsDtype dtype = SafetensorsDtype.byName(dtypeName);
        if (dtype == null) {
            throw fail("tensor '" + name + "' has unsupported dtype '" + dtypeName + "' (supported: "
                    + Arrays.toString(SafetensorsDtype.values()) + ")");
        }
        if (offsets.length != 2) {
            throw fail("tensor '" + name + "' has " + offsets.length + " data_offsets instead of [begin, end]");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** An array of integers in [0, 2^63). */
    private static long[] parseNaturals(JsonParser parser, String name, String key) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw fail("tensor '" + name + "' has a " + key + " that is not an array");
        }
        long[] values = new long[4];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || parser.getLongValue() < 0) {
                throw fail("tensor '" + name + "' has a " + key + " element '" + parser.getText()
                        + "' that is not an integer in [0, 2^63)");
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
            }
            values[count++] = parser.getLongValue();
        }
        return Arrays.copyOf(values, count);
    }

    private void checkLayout(long bufferLength) throws SafetensorsFormatException {
        long covered = 0;
        String previous = null;
        for (Entry e : entries) {
            String where = "tensor '" + e.name() + "' with data_offsets [" + e.begin() + ", " + e.end() + "]";
            if (e.end() < e.begin()) {
                throw fail(where + " ends before it begins");
            }
            if (e.end() > bufferLength) {
                throw fail(where + " exceeds the " + bufferLength + "-byte data buffer");
            }
            long needed;
            try {
                needed = Math.multiplyExact(HostTensor.product(e.shape()), e.dtype().byteSize);
            } catch (ArithmeticException overflow) {
                throw fail(
                        "tensor '" + e.name() + "' has shape " + Arrays.toString(e.shape()) + " whose size overflows");
            }
            if (needed != e.end() - e.begin()) {
                throw fail(where + " spans " + (e.end() - e.begin()) + " bytes but dtype " + e.dtype() + " and shape "
                        + Arrays.toString(e.shape()) + " need " + needed);
            }
            if (e.begin() < covered) {
                throw fail(where + " overlaps tensor '" + previous + "', which ends at " + covered);
            }
            if (e.begin() > covered) {
                throw fail("data buffer bytes [" + covered + ", " + e.begin() + ") belong to no tensor (a gap before "
                        + where + ")");
            }
            covered = e.end();
            previous = e.name();
        }
        if (covered != bufferLength) {
            throw fail("data buffer has " + bufferLength + " bytes but the tensors cover only " + covered);
        }
    }

    private static SafetensorsFormatException fail(String message) {
        return new SafetensorsFormatException(message);
    }
}
