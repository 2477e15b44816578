package io.pdm.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetTypeMappingTest {

    @Test
    void explicitIdsWinOverPatternsWhichWinOverTheDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plant-a.yaml");
        Files.writeString(file, """
                default: pump-set
                assets:
                  engine-007: gas-turbine
                patterns:
                  - { glob: "engine-*", type: cmapss-turbofan }
                  - { glob: "fan-??", type: cooling-fan }
                """);

        AssetTypeMapping mapping = AssetTypeMapping.load(file);

        assertThat(mapping.typeOf("engine-007")).contains("gas-turbine");
        assertThat(mapping.typeOf("engine-012")).contains("cmapss-turbofan");
        assertThat(mapping.typeOf("fan-03")).contains("cooling-fan");
        assertThat(mapping.typeOf("fan-003")).contains("pump-set");
        assertThat(mapping.typeOf("pump-01")).contains("pump-set");
        assertThat(new AssetTypeMapping(null, null, null).typeOf("pump-01")).isEmpty();
    }

    @Test
    void aBadTypeIdIsReportedWithItsPointer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plant.json");
        Files.writeString(file, "{\"patterns\": [{\"glob\": \"pump-*\", \"type\": \"Pump Set\"}]}");

        assertThatThrownBy(() -> AssetTypeMapping.load(file)).isInstanceOfSatisfying(AssetTypeException.class, e -> {
            assertThat(e.pointer()).isEqualTo("/patterns/0");
            assertThat(e.reason()).contains("type 'Pump Set' must match");
        });
    }
}
