package io.pdm.model.life;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.LoraLayers;
import io.pdm.model.nn.ModelOutput;
import io.pdm.model.nn.PdmTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring API of a life base model (and optionally a plant's adapter): windows of raw channel values in the
 * protocol's order → remaining life with interval, stage probabilities and drivers. Everything about the inputs
 * comes from the base's {@link LifeProtocol}; a window, adapter or base that does not fit is refused with
 * {@link ProtocolMismatchException}. Not thread-safe (one model per scoring thread, or synchronise).
 *
 * <p>An ensemble ({@link #loadEnsemble(Path, List)} with K ≥ 2 adapters) keeps one base in memory and the K adapters beside
 * it, takes them in turn for K forward passes, and predicts the mean of the members' remaining lives (as
 * {@code RulEnsemble} does offline); stage probabilities and driver effects are the members' means too.
 */
public final class RemainingLifeModel implements AutoCloseable {
    /** Written beside an adapter: the SHA-256 of the base weights it was trained on ({@code base_hash}). */
    public static final String ADAPTER_ORIGIN = "pdm_adapter.json";
    /** The largest adapter weights file accepted. */
    private static final long MAX_ADAPTER_BYTES = 1L << 30;
    /** Drivers reported per prediction. */
    public static final int DRIVERS = 3;

    private final NDManager manager;
    private final PdmTransformer model;
    private final LifeProtocol protocol;
    private final ModelConfig config;
    private final String baseHash;
    /** K ≥ 2 adapters on the one base, taken in turn; empty for a base alone or one attached adapter. */
    private final List<LoraLayers> members;

    private RemainingLifeModel(
            NDManager manager,
            PdmTransformer model,
            LifeProtocol protocol,
            ModelConfig config,
            String baseHash,
            List<LoraLayers> members) {
        this.manager = manager;
        this.model = model;
        this.protocol = protocol;
        this.config = config;
        this.baseHash = baseHash;
        this.members = List.copyOf(members);
    }

    /**
     * Loads a base and, if {@code adapterDir} is not null, attaches the adapter. Refused: a base without
     * {@value LifeProtocol#FILE}, a config whose input width or patch differs from the protocol, an adapter whose
     * {@value #ADAPTER_ORIGIN} names another base, or whose tensors do not fit the base's shapes.
     */
    public static RemainingLifeModel load(Path baseDir, Path adapterDir) throws IOException {
        return loadEnsemble(baseDir, adapterDir == null ? List.of() : List.of(adapterDir));
    }

    /**
     * Loads a base and attaches every adapter of {@code adapterDirs}: none is the base alone, one is
     * {@link #load(Path, Path)}, K ≥ 2 is an ensemble that predicts the mean of its members. Every member is checked
     * as a single adapter is (its {@value #ADAPTER_ORIGIN}, its shapes); the first that fails refuses the whole
     * model, its message naming the member ("member i (dir): ...").
     */
    public static RemainingLifeModel loadEnsemble(Path baseDir, List<Path> adapterDirs) throws IOException {
        LifeProtocol protocol = LifeProtocol.read(baseDir);
        ModelConfig config = ModelCheckpoint.readConfig(baseDir);
        if (config.pdm() == null) {
            throw new ProtocolMismatchException(baseDir + ": config.json has no pdm section (no sensor inputs)");
        }
        if (config.pdm().numChannels() != protocol.inputChannels()) {
            throw new ProtocolMismatchException(baseDir + ": config.json expects "
                    + config.pdm().numChannels() + " input channels, the protocol gives " + protocol.inputChannels()
                    + " " + protocol.inputNames());
        }
        if (config.pdm().patchSize() != protocol.patchSize()) {
            throw new ProtocolMismatchException(baseDir + ": config.json patches of "
                    + config.pdm().patchSize() + " steps, the protocol " + protocol.patchSize());
        }
        String baseHash = ModelCheckpoint.baseHash(baseDir);
        NDManager manager = NDManager.newBaseManager();
        try {
            PdmTransformer model = ModelCheckpoint.load(baseDir, manager);
            if (adapterDirs.size() == 1) {
                attach(model, adapterDirs.get(0), baseDir, baseHash);
                return new RemainingLifeModel(manager, model, protocol, config, baseHash, List.of());
            }
            List<LoraLayers> members = new ArrayList<>();
            for (int i = 0; i < adapterDirs.size(); i++) {
                Path dir = adapterDirs.get(i);
                try {
                    attach(model, dir, baseDir, baseHash);
                } catch (IOException e) {
                    throw new IOException("member " + i + " (" + dir + "): " + e.getMessage(), e);
                } catch (RuntimeException e) { // a mismatch, or a file well-formed but no adapter
                    throw new ProtocolMismatchException("member " + i + " (" + dir + "): " + e.getMessage(), e);
                }
                members.add(model.swapLora(null)); // kept beside the base, closed with the model
            }
            return new RemainingLifeModel(manager, model, protocol, config, baseHash, members);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void attach(PdmTransformer model, Path adapterDir, Path baseDir, String baseHash)
            throws IOException {
        requireOrigin(adapterDir, baseHash);
        try {
            model.attachLora(PeftAdapter.load(adapterDir, MAX_ADAPTER_BYTES));
        } catch (IllegalArgumentException e) {
            throw new ProtocolMismatchException(
                    "adapter " + adapterDir + " does not fit base " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /** Records which base an adapter belongs to, for {@link #load}'s check. */
    public static void writeOrigin(Path adapterDir, String baseHash) throws IOException {
        Files.createDirectories(adapterDir);
        new ObjectMapper().writeValue(adapterDir.resolve(ADAPTER_ORIGIN).toFile(), Map.of("base_hash", baseHash));
    }

    /**
     * Refuses an adapter whose {@value #ADAPTER_ORIGIN} names another base than {@code baseHash}; an adapter without
     * one (a PEFT adapter from elsewhere) passes, only its shapes can be checked when it loads.
     */
    public static void requireOrigin(Path adapterDir, String baseHash) throws IOException {
        Path origin = adapterDir.resolve(ADAPTER_ORIGIN);
        if (!Files.exists(origin)) {
            return; // a PEFT adapter from elsewhere: only its shapes can be checked
        }
        JsonNode node = new ObjectMapper().readTree(origin.toFile());
        String recorded = node.path("base_hash").asText("");
        if (!recorded.equals(baseHash)) {
            throw new ProtocolMismatchException(
                    "adapter " + adapterDir + " was trained on base " + recorded + ", this base is " + baseHash);
        }
    }

    /** The network, for batch evaluation in this package. */
    PdmTransformer network() {
        return model;
    }

    public LifeProtocol protocol() {
        return protocol;
    }

    public String baseHash() {
        return baseHash;
    }

    /** How many adapters each prediction is the mean of (1 for a base alone or one adapter). */
    public int members() {
        return Math.max(1, members.size());
    }

    /**
     * Scores one window.
     *
     * @param channels channel names of {@code window}'s columns; must equal the protocol's
     *                 {@link LifeProtocol#windowChannels} (model channels, then regime context channels), in order
     * @param window   steps × channels of raw values, oldest first; fewer steps than the protocol's window are
     *                 left-padded with the first step, more are cut to the last window
     * @param age      the asset's age at the last step in life units (used only when the protocol has an age channel)
     */
    public LifePrediction predict(List<String> channels, double[][] window, double age) {
        return predict(channels, List.<double[][]>of(window), new double[] {age})
                .get(0);
    }

    /** Scores several windows in one forward pass (drivers included). */
    public List<LifePrediction> predict(List<String> channels, List<double[][]> windows, double[] ages) {
        return predict(channels, windows, ages, true);
    }

    /**
     * Scores several windows in one forward pass.
     *
     * @param withDrivers whether to find the drivers: one more occluded copy of each window per channel, so the
     *                    forward pass is (channels + 1) times as large; without them {@code drivers} is empty
     */
    public List<LifePrediction> predict(
            List<String> channels, List<double[][]> windows, double[] ages, boolean withDrivers) {
        int variants = withDrivers ? protocol.channels().size() + 1 : 1;
        float[] x = checkedInputs(channels, windows, ages, variants);
        List<Output> outputs = new ArrayList<>(members());
        if (members.isEmpty()) {
            outputs.add(forward(x, windows.size() * variants));
        } else {
            for (LoraLayers member : members) outputs.add(forward(x, windows.size() * variants, member));
        }
        return assemble(outputs, windows.size(), variants);
    }

    /**
     * Each member's own prediction of one window (drivers left out), in member order: one element for a base alone
     * or one adapter. For checking every member of an ensemble before it serves.
     */
    public List<LifePrediction> predictEachMember(List<String> channels, double[][] window, double age) {
        List<double[][]> windows = List.<double[][]>of(window);
        float[] x = checkedInputs(channels, windows, new double[] {age}, 1);
        if (members.isEmpty()) return assemble(List.of(forward(x, 1)), 1, 1);
        List<LifePrediction> out = new ArrayList<>(members.size());
        for (LoraLayers member : members)
            out.add(assemble(List.of(forward(x, 1, member)), 1, 1).get(0));
        return out;
    }

    private float[] checkedInputs(List<String> channels, List<double[][]> windows, double[] ages, int variants) {
        protocol.requireChannels(channels);
        if (windows.size() != ages.length) {
            throw new IllegalArgumentException(windows.size() + " windows but " + ages.length + " ages");
        }
        return inputs(windows, ages, variants);
    }

    /** One forward pass's outputs: remaining life as a fraction of the cap, and class probabilities, per row. */
    private record Output(float[] rul, float[] probabilities) {}

    private Output forward(float[] x, int rows, LoraLayers member) {
        model.swapLora(member);
        try {
            return forward(x, rows);
        } finally {
            model.swapLora(null);
        }
    }

    private Output forward(float[] x, int rows) {
        try (NDScope scope = new NDScope()) {
            ModelOutput out = model.forward(
                    manager.create(x, new Shape(rows, protocol.window(), protocol.inputChannels())), null, null, false);
            return new Output(
                    out.rul().toFloatArray(), out.classLogits().softmax(-1).toFloatArray());
        }
    }

    /**
     * Predictions from the members' outputs: every row's estimate (clamped per member) is the members' mean, so a
     * driver's effect is the members' mean effect, and so are the stage probabilities. The interval is the base's
     * split-conformal half-width around that mean. The calibration belongs to the base (it is fitted once, in
     * pretraining, on held-out lives): one adapter has always been served with it unchanged, and so are K. Averaging
     * does not widen errors (|mean − y| ≤ the members' mean |p_k − y|, so whenever every member is within the
     * half-width, so is the mean), but the coverage of an adapted model, one or K, is the base's nominal level, not
     * re-measured; refitting would need the plant's held-out lives at announcement time.
     */
    private List<LifePrediction> assemble(List<Output> outputs, int windows, int variants) {
        int k = outputs.size();
        int classes = config.pdm().numClasses();
        ConformalInterval interval = protocol.interval();
        List<LifePrediction> predictions = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            int base = w * variants;
            double[] own = new double[k];
            for (int m = 0; m < k; m++) own[m] = clamp(outputs.get(m).rul()[base]);
            double estimate = mean(own);
            List<LifePrediction.Driver> drivers = new ArrayList<>();
            for (int c = 0; c < variants - 1; c++) {
                double occluded = 0;
                for (Output o : outputs) occluded += clamp(o.rul()[base + c + 1]) / k;
                drivers.add(new LifePrediction.Driver(protocol.channels().get(c), estimate - occluded));
            }
            drivers.sort(Comparator.comparingDouble((LifePrediction.Driver d) -> -Math.abs(d.effect())));
            Map<String, Double> stages = new LinkedHashMap<>();
            for (int j = 0; j < classes; j++) {
                double p = 0;
                for (Output o : outputs) p += (double) o.probabilities()[base * classes + j] / k;
                stages.put(config.pdm().classNames().get(j), p);
            }
            predictions.add(new LifePrediction(
                    estimate,
                    interval == null ? estimate : interval.lower(estimate),
                    interval == null ? estimate : interval.upper(estimate),
                    interval == null ? Double.NaN : interval.level(),
                    protocol.lifeUnit(),
                    stages,
                    drivers.subList(0, Math.min(DRIVERS, drivers.size())),
                    k,
                    spread(own, estimate)));
        }
        return predictions;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** Population standard deviation around the mean; 0 for one value. */
    private static double spread(double[] values, double mean) {
        double sum = 0;
        for (double v : values) sum += (v - mean) * (v - mean);
        return Math.sqrt(sum / values.length);
    }

    /**
     * The model inputs of raw windows, through {@link LifeProtocol#normalise} as in training ({@link LifeWindows}):
     * per window, the normalised window, then {@code variants - 1} copies each with one model channel occluded (set
     * to 0, the training mean of its regime in z-score units).
     */
    float[] inputs(List<double[][]> windows, double[] ages, int variants) {
        int width = protocol.inputChannels();
        int perWindow = protocol.window() * width;
        float[] x = new float[windows.size() * variants * perWindow];
        for (int w = 0; w < windows.size(); w++) {
            double[][] raw = windows.get(w);
            check(raw, w);
            double[] stepAges = new double[raw.length];
            for (int t = 0; t < raw.length; t++) {
                stepAges[t] = ages[w] - (raw.length - 1 - t) * protocol.lifePerStep();
            }
            int base = w * variants * perWindow;
            protocol.normalise(raw, stepAges, raw.length, x, base);
            for (int k = 0; k < variants - 1; k++) {
                int at = base + (k + 1) * perWindow;
                System.arraycopy(x, base, x, at, perWindow);
                for (int t = 0; t < protocol.window(); t++) {
                    x[at + t * width + k] = 0f;
                }
            }
        }
        return x;
    }

    private void check(double[][] raw, int w) {
        if (raw.length == 0) {
            throw new IllegalArgumentException("window " + w + " has no steps");
        }
        for (int t = 0; t < raw.length; t++) {
            if (raw[t].length != protocol.windowChannels().size()) {
                throw new ProtocolMismatchException(
                        "window " + w + " step " + t + " has " + raw[t].length + " values for the protocol's "
                                + protocol.windowChannels().size() + " channels");
            }
            for (double v : raw[t]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("window " + w + " step " + t + " has a non-finite value");
                }
            }
        }
    }

    /** Model output (a fraction of the cap) in life units, within [0, cap]. */
    private double clamp(float fraction) {
        return Math.min(protocol.rulCap(), Math.max(0, fraction * protocol.rulCap()));
    }

    @Override
    public void close() {
        members.forEach(LoraLayers::close);
        model.close();
        manager.close();
    }
}
