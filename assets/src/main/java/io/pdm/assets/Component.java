package io.pdm.assets;

import java.util.List;

/**
 * A maintainable part and the words technicians use for it in work orders ("brg", "DE bearing").
 *
 * @param id         referenced by failure modes
 * @param vocabulary words and abbreviations of maintenance logs that name this component
 */
public record Component(String id, String name, List<String> vocabulary) {
    public Component {
        AssetType.requireId("id", id);
        AssetType.requireText("name", name);
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
    }
}
