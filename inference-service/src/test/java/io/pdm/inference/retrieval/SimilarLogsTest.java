package io.pdm.inference.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.model.text.MaintenanceCorpus;
import io.pdm.model.text.MaintenanceText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real all-MiniLM-L6-v2 model on real maintenance work orders (MaintIE gold corpus, see
 * maintenance-logs/SOURCE.md): every text that names a bearing (12) or a seal (14), and 100 others.
 */
class SimilarLogsTest {
    private static LogEmbedder embedder;
    private static List<LogEntry> logs;
    private static SimilarLogs index;

    @BeforeAll
    static void embedRealLogs() throws IOException {
        Path dir = Path.of(System.getProperty("pdm.shared.data"), "maintenance-logs");
        List<MaintenanceText> texts = MaintenanceCorpus.load(dir).fromSource(MaintenanceCorpus.MAINTIE);
        logs = new ArrayList<>();
        int others = 0;
        for (MaintenanceText t : texts) {
            boolean bearing = t.text().contains("bearing");
            boolean seal = t.text().contains("seal");
            if (bearing || seal || others++ < 100) {
                // Seal logs of plant-b: the plant restriction is tested with them.
                String plant = seal && t.id().hashCode() % 2 == 0 ? "plant-b" : "plant-a";
                logs.add(new LogEntry(
                        "maintie/" + t.id(),
                        plant,
                        "asset-" + t.id(),
                        LocalDate.parse("2024-01-01"),
                        "work order",
                        null,
                        t.text()));
            }
        }
        embedder = new LogEmbedder();
        index = SimilarLogs.embed(embedder, logs);
    }

    private static boolean isBearing(MaintenanceRecord r) {
        return r.text().contains("bearing");
    }

    @Test
    void aBearingQueryRanksBearingLogsAboveSealAndOtherLogs() {
        List<MaintenanceRecord> all = index.nearest("plant-a", "pump bearing noisy, high vibration", 1000);
        assertThat(all).hasSize(index.size("plant-a"));
        assertThat(all.subList(0, 5)).allMatch(SimilarLogsTest::isBearing, "is a bearing log");
        double bearingRank = meanRank(all, true);
        double otherRank = meanRank(all, false);
        assertThat(bearingRank).isLessThan(otherRank / 4);
        int firstSeal = indexOf(all, "seal");
        int lastBearing = 0;
        for (int i = 0; i < all.size(); i++) {
            if (isBearing(all.get(i))) {
                lastBearing = i;
            }
        }
        assertThat(firstSeal).as("first seal log ranks after most bearing logs").isGreaterThan(8);
        assertThat(lastBearing).isLessThan(all.size() / 2);
        assertThat(all.get(0).similarity())
                .isGreaterThan(all.get(all.size() - 1).similarity());
    }

    @Test
    void aSealQueryFindsSealLogsAndOnlyOfItsOwnPlant() {
        List<MaintenanceRecord> a = index.nearest("plant-a", "shaft seal leaking", 3);
        List<MaintenanceRecord> b = index.nearest("plant-b", "shaft seal leaking", 3);
        for (List<MaintenanceRecord> top : List.of(a, b)) {
            assertThat(top).hasSize(3);
            assertThat(top.get(0).text()).contains("seal");
            assertThat(top.stream().filter(r -> r.text().contains("seal")).count())
                    .isGreaterThanOrEqualTo(2);
        }
        List<String> plantB = logs.stream()
                .filter(l -> l.plant().equals("plant-b"))
                .map(LogEntry::id)
                .toList();
        assertThat(a).extracting(MaintenanceRecord::id).doesNotContainAnyElementsOf(plantB);
        assertThat(b).extracting(MaintenanceRecord::id).allMatch(plantB::contains);
        assertThat(index.nearest("plant-c", "shaft seal leaking", 3)).isEmpty();
    }

    @Test
    void embeddingsAreNormalisedAndDeterministic() {
        float[] v = embedder.embed("replace bearing");
        assertThat(v).hasSize(384);
        assertThat(LogEmbedder.cosine(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(embedder.embed("replace bearing")).containsExactly(v);
    }

    private static double meanRank(List<MaintenanceRecord> ranked, boolean bearing) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < ranked.size(); i++) {
            if (isBearing(ranked.get(i)) == bearing) {
                sum += i;
                n++;
            }
        }
        return sum / n;
    }

    private static int indexOf(List<MaintenanceRecord> ranked, String word) {
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).text().contains(word)) {
                return i;
            }
        }
        return ranked.size();
    }
}
