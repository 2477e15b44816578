package io.pdm.model.text;

import java.util.List;

/**
 * One real maintenance text.
 *
 * @param source {@link MaintenanceCorpus#FAA_AID} or {@link MaintenanceCorpus#MAINTIE}
 * @param id     unique within the source: the FAA control number (column c5), or the MaintIE record's
 *               0-based position in gold_release.json (the file has no ids)
 * @param text   whitespace-normalised text
 * @param labels FAA: the primary cause-factor code (c78, see AIDCODE.csv); MaintIE: the distinct
 *               annotated entity types in order of appearance; empty when there are none
 */
public record MaintenanceText(String source, String id, String text, List<String> labels) {
    public MaintenanceText {
        labels = List.copyOf(labels);
        if (text.isBlank()) {
            throw new IllegalArgumentException(source + "/" + id + ": empty text");
        }
    }
}
