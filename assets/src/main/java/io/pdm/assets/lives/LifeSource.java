package io.pdm.assets.lives;

import java.io.IOException;
import java.util.List;

/** Anything that yields lives of one asset type: C-MAPSS files, a CSV of lives, a plant's store, a simulator. */
@FunctionalInterface
public interface LifeSource {
    List<Life> lives() throws IOException;
}
