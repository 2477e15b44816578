package io.pdm.federated.plant;

import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.model.io.AtomicFiles;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Global adapter versions on the plant's disk, one PEFT directory per version ({@code v{N}/adapter_config.json},
 * {@code adapter_model.safetensors}, {@code lineage.json}, and {@code pdm_adapter.json} naming the base hash when the
 * plant knows it) plus a {@code CURRENT} file naming the version
 * inference should run. Directories and the pointer are written aside and moved into place atomically, so a
 * reader never sees half a version.
 */
public final class AdapterStore {

    private static final String CURRENT = "CURRENT";
    private static final String LINEAGE = "lineage.json";

    private final Path root;
    private final String baseHash;

    public AdapterStore(Path root) {
        this(root, null);
    }

    /**
     * @param baseHash the base model's hash, written into each version as {@code pdm_adapter.json} so a scorer
     *                 refuses the adapter on another base ({@code RemainingLifeModel}); null writes none
     */
    public AdapterStore(Path root, String baseHash) {
        this.root = root;
        this.baseHash = baseHash;
    }

    /** A stored version: its PEFT directory and lineage. */
    public record StoredAdapter(long version, Path directory, AdapterLineage lineage) {

        public PeftAdapter load() {
            try {
                return PeftAdapter.load(directory, Long.MAX_VALUE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes the version unless it is there already (versions are immutable). */
    public synchronized StoredAdapter store(PublishedAdapter adapter) {
        Path directory = directory(adapter.version());
        try {
            if (!Files.exists(directory)) {
                Path staging = Files.createTempDirectory(Files.createDirectories(root), ".staging-");
                Files.write(staging.resolve(PeftAdapter.CONFIG_FILE), adapter.adapterConfigBytes());
                Files.write(staging.resolve(PeftAdapter.WEIGHTS_FILE), adapter.weights());
                Files.writeString(staging.resolve(LINEAGE), FlJson.write(adapter.lineage()), StandardCharsets.UTF_8);
                if (baseHash != null) {
                    RemainingLifeModel.writeOrigin(staging, baseHash);
                }
                Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store adapter version " + adapter.version() + " in " + root, e);
        }
        return stored(adapter.version()).orElseThrow();
    }

    public synchronized void makeCurrent(long version) {
        if (!Files.isDirectory(directory(version))) {
            throw new IllegalArgumentException("version " + version + " is not stored");
        }
        try {
            AtomicFiles.replace(root.resolve(CURRENT), Long.toString(version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<StoredAdapter> current() {
        Path pointer = root.resolve(CURRENT);
        try {
            return Files.exists(pointer)
                    ? stored(Long.parseLong(
                            Files.readString(pointer, StandardCharsets.UTF_8).trim()))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<StoredAdapter> stored(long version) {
        Path directory = directory(version);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try {
            AdapterLineage lineage = FlJson.read(
                    Files.readString(directory.resolve(LINEAGE), StandardCharsets.UTF_8), AdapterLineage.class);
            return Optional.of(new StoredAdapter(version, directory, lineage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored version as the aggregator published it, e.g. to skip downloading a base version again. */
    public Optional<PublishedAdapter> published(long version) {
        return stored(version).map(stored -> {
            try {
                return new PublishedAdapter(
                        stored.lineage(),
                        Files.readString(stored.directory().resolve(PeftAdapter.CONFIG_FILE), StandardCharsets.UTF_8),
                        Files.readAllBytes(stored.directory().resolve(PeftAdapter.WEIGHTS_FILE)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Path directory(long version) {
        return root.resolve("v" + version);
    }
}
