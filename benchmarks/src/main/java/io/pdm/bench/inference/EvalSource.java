package io.pdm.bench.inference;

import io.pdm.assets.AssetType;
import io.pdm.assets.lives.Life;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One set of lives to replay: a C-MAPSS subset's test engines or a simulator fleet of some seeds.
 *
 * @param name    shown in the report, e.g. {@code C-MAPSS FD001 test}
 * @param baseDir the type's base model (null: condition watch only)
 * @param baseFrom which data chose the base's weights, epoch and interval (for the report)
 */
public record EvalSource(String name, AssetType type, Path baseDir, String baseFrom, List<Life> lives) {
    public EvalSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        lives = List.copyOf(lives);
        if (lives.isEmpty()) {
            throw new IllegalArgumentException(name + ": no lives to replay");
        }
        for (Life l : lives) {
            if (!l.typeId().equals(type.id())) {
                throw new IllegalArgumentException(
                        name + ": life " + l.lifeId() + " is of type " + l.typeId() + ", not " + type.id());
            }
        }
    }
}
