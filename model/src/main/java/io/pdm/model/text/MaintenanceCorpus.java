package io.pdm.model.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pdm.model.data.MalformedDataException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The real maintenance texts under {@code maintenance-logs/} (see its SOURCE.md): FAA AID remarks of
 * maintenance-caused incidents (terse upper case, e.g. "ENGINE QUIT ON TAKEOFF. WATER IN FUEL.") and
 * MaintIE work-order texts (lower case, ids and numbers already replaced by {@code <id>}, {@code <num>}).
 * Normalisation is light: Unicode NFC, whitespace runs to one space, trimmed; case is kept.
 */
public record MaintenanceCorpus(List<MaintenanceText> texts) {
    public static final String FAA_AID = "faa-aid";
    public static final String MAINTIE = "maintie";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Texts split into training and validation; see {@link #split(double)}. */
    public record Split(List<MaintenanceText> train, List<MaintenanceText> validation) {
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }
    }

    public MaintenanceCorpus {
        texts = List.copyOf(texts);
    }

    /** Loads both sources from the {@code maintenance-logs} directory; FAA texts first, then MaintIE. */
    public static MaintenanceCorpus load(Path dir) throws IOException {
        List<MaintenanceText> texts = new ArrayList<>(readFaa(dir.resolve("faa-aid/Maintenance_Text_data.csv")));
        texts.addAll(readMaintie(dir.resolve("maintie/gold_release.json")));
        return new MaintenanceCorpus(texts);
    }

    public List<MaintenanceText> fromSource(String source) {
        return texts.stream().filter(t -> t.source().equals(source)).toList();
    }

    /**
     * Deterministic split by a hash of source and id, so a text stays on its side when the corpus grows
     * or is reordered. About {@code validationFraction} of the texts land in validation.
     */
    public Split split(double validationFraction) {
        if (validationFraction < 0 || validationFraction > 1) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1], was " + validationFraction);
        }
        List<MaintenanceText> train = new ArrayList<>();
        List<MaintenanceText> validation = new ArrayList<>();
        for (MaintenanceText text : texts) {
            CRC32 crc = new CRC32();
            crc.update((text.source() + "/" + text.id()).getBytes(StandardCharsets.UTF_8));
            boolean held = crc.getValue() < validationFraction * (1L << 32);
            (held ? validation : train).add(text);
        }
        return new Split(train, validation);
    }

    public static String normalise(String text) {
        return WHITESPACE
                .matcher(Normalizer.normalize(text, Normalizer.Form.NFC))
                .replaceAll(" ")
                .strip();
    }

    /** FAA rows with a remark (column c119); id c5, label c78. Rows without a remark are skipped. */
    private static List<MaintenanceText> readFaa(Path file) throws IOException {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true)
                .get();
        List<MaintenanceText> texts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(reader)) {
            for (String column : List.of("c5", "c78", "c119")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new MalformedDataException(file, 1, "no column " + column);
                }
            }
            for (CSVRecord row : parser) {
                String id = row.get("c5").strip();
                String text = normalise(row.get("c119"));
                if (!ids.add(id)) {
                    throw new MalformedDataException(
                            file, "data row " + row.getRecordNumber() + ": control number " + id + " appears twice");
                }
                if (!text.isEmpty()) {
                    String cause = row.get("c78").strip();
                    texts.add(new MaintenanceText(FAA_AID, id, text, cause.isEmpty() ? List.of() : List.of(cause)));
                }
            }
        }
        return texts;
    }

    private static List<MaintenanceText> readMaintie(Path file) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
        if (!root.isArray()) {
            throw new MalformedDataException(file, "expected a JSON array of records");
        }
        List<MaintenanceText> texts = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode record = root.get(i);
            if (!record.path("text").isTextual()) {
                throw new MalformedDataException(file, "record " + i + " has no text");
            }
            Set<String> types = new LinkedHashSet<>();
            record.path("entities")
                    .forEach(entity -> types.add(entity.path("type").asText()));
            texts.add(new MaintenanceText(
                    MAINTIE, Integer.toString(i), normalise(record.get("text").asText()), List.copyOf(types)));
        }
        return texts;
    }
}
