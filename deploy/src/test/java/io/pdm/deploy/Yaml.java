package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/** YAML as Jackson trees. */
final class Yaml {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Yaml() {}

    /** Every non-empty document of a multi-document YAML stream ({@code kubectl kustomize} output, a CRD file). */
    static List<JsonNode> documents(String text) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) out.add(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Compose file: SnakeYAML (the parser under Jackson's YAML module) resolves the merge keys ({@code <<: *anchor})
     * Compose files use, which Jackson's YAML module leaves as a literal key; the result is a Jackson tree.
     */
    static JsonNode composeFile(Path file) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object loaded = new org.yaml.snakeyaml.Yaml(options).load(Files.readString(file));
            return JSON.valueToTree(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
