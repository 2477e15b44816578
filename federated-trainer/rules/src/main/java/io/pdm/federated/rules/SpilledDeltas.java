package io.pdm.federated.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A round's deltas spilled to a directory as they arrive, laid out coordinate-block-major: file {@code block-b}
 * holds coordinates [b·B, (b+1)·B) of every accepted delta, one fixed-length little-endian F32 row per delta in
 * arrival order. Reading a block is one sequential read of n rows, so a rule over the spill holds one block × n
 * plants in memory. B is chosen so that a block of every expected plant stays within {@link #BLOCK_BUDGET_BYTES}.
 * Blocks are visited in plant-name order, whatever the arrival order. Not thread-safe: the caller serialises
 * {@link #add} (the round coordinator does).
 */
public final class SpilledDeltas implements DeltaBlocks, AutoCloseable {

    /** Bytes of one block of every expected plant: the spill's memory while a rule reads it. */
    public static final long BLOCK_BUDGET_BYTES = 16L << 20;

    private static final int MIN_BLOCK = 256;
    private static final int MAX_BLOCK = 1 << 16;

    private final Path directory;
    private final int dimension;
    private final int blockSize;
    private final FileChannel[] blockFiles;
    private final List<String> arrivals = new ArrayList<>();
    private final List<Long> exampleCounts = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final ByteBuffer rowBuffer;
    /** Arrival indices in plant-name order; recomputed after each add. */
    private List<Integer> order = List.of();

    private SpilledDeltas(Path directory, int dimension, int blockSize) throws IOException {
        this.directory = directory;
        this.dimension = dimension;
        this.blockSize = blockSize;
        Files.createDirectories(directory);
        int blocks = (dimension + blockSize - 1) / blockSize;
        this.blockFiles = new FileChannel[blocks];
        for (int b = 0; b < blocks; b++) {
            blockFiles[b] = FileChannel.open(
                    directory.resolve("block-" + b),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        }
        this.rowBuffer = ByteBuffer.allocate(blockSize * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A new, empty spill in {@code directory} (created; it must not hold an earlier spill). */
    public static SpilledDeltas create(Path directory, int dimension, int expectedPlants) throws IOException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        return new SpilledDeltas(directory, dimension, blockSizeFor(expectedPlants));
    }

    /** Coordinates per block so that a block of {@code expectedPlants} rows fits the budget. */
    static int blockSizeFor(int expectedPlants) {
        long perPlant = BLOCK_BUDGET_BYTES / Math.max(1, expectedPlants) / Float.BYTES;
        return (int) Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, perPlant));
    }

    /**
     * Appends one plant's delta to every block file. If writing fails part-way (disk full), every file is cut back
     * to its earlier length, so the spill stays consistent and the error is the caller's to report.
     */
    public void add(String plant, float[] delta, long exampleCount) throws IOException {
        if (delta.length != dimension) {
            throw new IllegalArgumentException(
                    "plant " + plant + " sent dimension " + delta.length + ", expected " + dimension);
        }
        if (exampleCount <= 0) {
            throw new IllegalArgumentException("exampleCount must be positive, was " + exampleCount + " for " + plant);
        }
        if (seen.contains(plant)) {
            throw new IllegalArgumentException("plant " + plant + " sent more than one update");
        }
        requireFinite(plant, delta);
        try {
            for (int b = 0; b < blockFiles.length; b++) {
                int from = b * blockSize;
                int length = Math.min(blockSize, dimension - from);
                rowBuffer.clear();
                rowBuffer.asFloatBuffer().put(delta, from, length);
                rowBuffer.limit(length * Float.BYTES);
                long position = (long) arrivals.size() * length * Float.BYTES;
                while (rowBuffer.hasRemaining()) {
                    position += blockFiles[b].write(rowBuffer, position);
                }
            }
        } catch (IOException e) {
            for (int b = 0; b < blockFiles.length; b++) {
                int length = Math.min(blockSize, dimension - b * blockSize);
                blockFiles[b].truncate((long) arrivals.size() * length * Float.BYTES);
            }
            throw e;
        }
        arrivals.add(plant);
        exampleCounts.add(exampleCount);
        seen.add(plant);
        order = IntStream.range(0, arrivals.size())
                .boxed()
                .sorted(Comparator.comparing(arrivals::get))
                .toList();
    }

    static void requireFinite(String plant, float[] delta) {
        for (int i = 0; i < delta.length; i++) {
            if (!Float.isFinite(delta[i])) {
                throw new IllegalArgumentException("plant " + plant + " sent a non-finite value at index " + i);
            }
        }
    }

    public int count() {
        return arrivals.size();
    }

    public int blockSize() {
        return blockSize;
    }

    /** Plant names in their natural order. */
    @Override
    public List<String> plants() {
        return sortedArrivals().stream().map(arrivals::get).toList();
    }

    @Override
    public long exampleCount(int index) {
        return exampleCounts.get(sortedArrivals().get(index));
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        List<Integer> order = sortedArrivals();
        int n = order.size();
        ByteBuffer block = ByteBuffer.allocate(n * blockSize * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < blockFiles.length; b++) {
            int from = b * blockSize;
            int length = Math.min(blockSize, dimension - from);
            block.clear().limit(n * length * Float.BYTES);
            try {
                long position = 0;
                while (block.hasRemaining()) {
                    int read = blockFiles[b].read(block, position);
                    if (read < 0) {
                        throw new IOException(directory.resolve("block-" + b) + " ends after " + position
                                + " bytes, expected " + block.limit());
                    }
                    position += read;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the round's spilled deltas failed", e);
            }
            block.flip();
            float[][] slices = new float[n][length];
            for (int k = 0; k < n; k++) {
                block.asFloatBuffer().position(order.get(k) * length).get(slices[k]);
            }
            visitor.visit(from, slices);
        }
    }

    private List<Integer> sortedArrivals() {
        return order;
    }

    /** Closes the block files and deletes the directory. */
    @Override
    public void close() throws IOException {
        for (FileChannel file : blockFiles) {
            file.close();
        }
        deleteRecursively(directory);
    }

    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
