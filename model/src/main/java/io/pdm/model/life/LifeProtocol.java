package io.pdm.model.life;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a base model's inputs and targets were built ({@value #FILE} beside {@code config.json}): the asset type, its
 * channels in input order, their normalisation fitted on the training lives, the window and patch, whether the age
 * is an input, the RUL cap, the life unit, the stage thresholds and the calibrated interval. Plants and the inference
 * service read it from the base and never use their own defaults; a mismatch is refused
 * ({@link ProtocolMismatchException}).
 *
 * @param assetType     the asset type id
 * @param lifeUnit      CYCLES or HOURS
 * @param lifePerStep   life units per step (1 for cycles)
 * @param channels      raw channel names in input order (without the age channel)
 * @param normalisation {@link #Z_SCORE} with {@code means}/{@code stds}; {@link #PER_REGIME} with {@code regimes}
 *                      (and the pooled {@code means}/{@code stds}, the fallback of a regime too small for its own);
 *                      or {@link #PER_PLANT} when each plant refits it (the C-MAPSS protocol's per-operating-condition
 *                      z-scores, saved as {@code pdm-preprocessing.json} beside each adapter)
 * @param ageChannel    whether age / {@code rulCap} is appended as the last input channel
 * @param rulCap        targets are min(remaining life, cap); the model's RUL scale
 * @param stageNames    class-head labels, e.g. healthy, degrading, critical
 * @param healthyAbove  a stage boundary in life units (labels of the class head)
 * @param degradingAbove the other boundary
 * @param interval      the calibrated interval, null when the base was not calibrated
 * @param regimes       the learned regimes and per-regime statistics for {@link #PER_REGIME}, else null (a base
 *                      written before regimes existed has none and loads as before)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifeProtocol(
        String assetType,
        String lifeUnit,
        double lifePerStep,
        List<String> channels,
        String normalisation,
        double[] means,
        double[] stds,
        int window,
        int patchSize,
        boolean ageChannel,
        double rulCap,
        List<String> stageNames,
        double healthyAbove,
        double degradingAbove,
        ConformalInterval interval,
        RegimeNormalisation regimes) {
    public static final String FILE = "pdm_protocol.json";
    public static final String Z_SCORE = "z-score";
    public static final String PER_REGIME = "per-regime-z-score";
    public static final String PER_PLANT = "per-plant";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public LifeProtocol {
        channels = List.copyOf(channels);
        stageNames = List.copyOf(stageNames);
        if (window < 1 || patchSize < 1 || window % patchSize != 0) {
            throw new IllegalArgumentException(
                    "window " + window + " must be a positive multiple of the patch size " + patchSize);
        }
        if (!(rulCap > 0) || !(lifePerStep > 0)) {
            throw new IllegalArgumentException("rulCap and lifePerStep must be positive");
        }
        if (Z_SCORE.equals(normalisation) || PER_REGIME.equals(normalisation)) {
            if (means == null || stds == null || means.length != channels.size() || stds.length != channels.size()) {
                throw new IllegalArgumentException(normalisation + " normalisation needs a mean and std per channel");
            }
            means = means.clone();
            stds = stds.clone();
        } else if (!PER_PLANT.equals(normalisation)) {
            throw new IllegalArgumentException("normalisation must be " + Z_SCORE + ", " + PER_REGIME + " or "
                    + PER_PLANT + ", was " + normalisation);
        }
        if (PER_REGIME.equals(normalisation) != (regimes != null)) {
            throw new IllegalArgumentException("regimes are needed by " + PER_REGIME
                    + " normalisation and only by it (was " + normalisation + ")");
        }
        if (regimes != null && regimes.means()[0].length != channels.size()) {
            throw new IllegalArgumentException("the regimes' statistics are for " + regimes.means()[0].length
                    + " channels, the protocol has " + channels.size());
        }
    }

    /** A protocol without regimes (one z-score over every step, or per plant): the form of every earlier base. */
    public LifeProtocol(
            String assetType,
            String lifeUnit,
            double lifePerStep,
            List<String> channels,
            String normalisation,
            double[] means,
            double[] stds,
            int window,
            int patchSize,
            boolean ageChannel,
            double rulCap,
            List<String> stageNames,
            double healthyAbove,
            double degradingAbove,
            ConformalInterval interval) {
        this(
                assetType,
                lifeUnit,
                lifePerStep,
                channels,
                normalisation,
                means,
                stds,
                window,
                patchSize,
                ageChannel,
                rulCap,
                stageNames,
                healthyAbove,
                degradingAbove,
                interval,
                null);
    }

    /**
     * The raw channels a window must carry, in order: the model's channels, then the regime's context channels that
     * are not model channels. Equal to {@link #channels} without regimes.
     */
    @JsonIgnore
    public List<String> windowChannels() {
        if (regimes == null) {
            return channels;
        }
        List<String> out = new ArrayList<>(channels);
        regimes.channels().stream().filter(c -> !channels.contains(c)).forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * A typical raw step in {@link #windowChannels} order: the training means, and for context channels the centre of
     * the first regime (the smoke test of a model before it serves).
     */
    @JsonIgnore
    public double[] typicalStep() {
        List<String> names = windowChannels();
        double[] row = new double[names.size()];
        for (int c = 0; c < channels.size(); c++) {
            row[c] = means == null ? 0 : means[c];
        }
        if (regimes != null) {
            for (int j = 0; j < regimes.channels().size(); j++) {
                row[names.indexOf(regimes.channels().get(j))] = regimes.centre(0, j);
            }
            for (int c = 0; c < channels.size(); c++) {
                if (!regimes.channels().contains(channels.get(c))) {
                    row[c] = regimes.mean(0, c);
                }
            }
        }
        return row;
    }

    /** Input channels of the model: the raw channels plus the age channel when there is one. */
    @JsonIgnore
    public int inputChannels() {
        return channels.size() + (ageChannel ? 1 : 0);
    }

    /** Input channel names as the model sees them. */
    @JsonIgnore
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(channels);
        if (ageChannel) {
            names.add("age");
        }
        return names;
    }

    public LifeProtocol withInterval(ConformalInterval value) {
        return new LifeProtocol(
                assetType,
                lifeUnit,
                lifePerStep,
                channels,
                normalisation,
                means,
                stds,
                window,
                patchSize,
                ageChannel,
                rulCap,
                stageNames,
                healthyAbove,
                degradingAbove,
                value,
                regimes);
    }

    /**
     * One model input window: the {@code window} steps ending before row {@code end} of {@code rows} (raw values,
     * channels in {@link #windowChannels} order) with the age at each row. A window reaching before row 0 is
     * left-padded by repeating row 0, as in training. The one normalisation of every path: training and held-out
     * windows ({@link LifeWindows}), evaluation, a plant's trainer and the inference service's scoring.
     *
     * @param out receives window × inputChannels floats at {@code offset}
     */
    void normalise(double[][] rows, double[] ages, int end, float[] out, int offset) {
        if (PER_PLANT.equals(normalisation)) {
            throw new ProtocolMismatchException("this base's normalisation is refitted per plant (" + normalisation
                    + "); score through the plant's adapter and its pdm-preprocessing.json");
        }
        int width = inputChannels();
        int[] context = regimes == null ? null : contextColumns();
        double[] point = regimes == null ? null : new double[context.length];
        for (int t = 0; t < window; t++) {
            int row = Math.max(0, end - window + t);
            double[] values = rows[row];
            if (regimes == null) {
                for (int c = 0; c < channels.size(); c++) {
                    out[offset + t * width + c] = (float) ((values[c] - means[c]) / stds[c]);
                }
            } else {
                for (int j = 0; j < context.length; j++) {
                    point[j] = values[context[j]];
                }
                int r = regimes.regimeOf(point);
                for (int c = 0; c < channels.size(); c++) {
                    out[offset + t * width + c] = (float) regimes.normalise(r, c, values[c]);
                }
            }
            if (ageChannel) {
                out[offset + t * width + channels.size()] = (float) (ages[row] / rulCap);
            }
        }
    }

    /** Columns of the context channels in a {@link #windowChannels} row. */
    private int[] contextColumns() {
        List<String> names = windowChannels();
        return regimes.channels().stream().mapToInt(names::indexOf).toArray();
    }

    /** Refuses raw inputs whose channel names or order differ from the protocol's {@link #windowChannels}. */
    public void requireChannels(List<String> given) {
        List<String> expected = windowChannels();
        if (!expected.equals(given)) {
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(given);
            List<String> extra = new ArrayList<>(given);
            extra.removeAll(expected);
            throw new ProtocolMismatchException("window channels " + given + " differ from the base model's "
                    + expected + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; not in the protocol " + extra)
                    + (missing.isEmpty() && extra.isEmpty() ? "; same channels in another order" : ""));
        }
    }

    /** Refuses a training or scoring setting that differs from the base's. */
    public void requireWindow(int otherWindow, String who) {
        if (otherWindow != window) {
            throw new ProtocolMismatchException(who + " uses " + otherWindow + "-step windows but the base model was"
                    + " trained with " + window + "-step windows (" + FILE + "); use --window " + window);
        }
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static LifeProtocol read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new ProtocolMismatchException(dir + " has no " + FILE
                    + ": not a base model that records its protocol (pretrain it again with this version)");
        }
        return JSON.readValue(file.toFile(), LifeProtocol.class);
    }

    public static Optional<LifeProtocol> readIfPresent(Path dir) throws IOException {
        return Files.exists(dir.resolve(FILE)) ? Optional.of(read(dir)) : Optional.empty();
    }

    @Override
    public double[] means() {
        return means == null ? null : means.clone();
    }

    @Override
    public double[] stds() {
        return stds == null ? null : stds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LifeProtocol p
                && assetType.equals(p.assetType)
                && lifeUnit.equals(p.lifeUnit)
                && lifePerStep == p.lifePerStep
                && channels.equals(p.channels)
                && normalisation.equals(p.normalisation)
                && Arrays.equals(means, p.means)
                && Arrays.equals(stds, p.stds)
                && window == p.window
                && patchSize == p.patchSize
                && ageChannel == p.ageChannel
                && rulCap == p.rulCap
                && stageNames.equals(p.stageNames)
                && healthyAbove == p.healthyAbove
                && degradingAbove == p.degradingAbove
                && java.util.Objects.equals(interval, p.interval)
                && java.util.Objects.equals(regimes, p.regimes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(assetType, channels, window, patchSize, rulCap);
    }

    @Override
    public String toString() {
        return "LifeProtocol[" + assetType + ", " + channels + ", window " + window + ", patch " + patchSize + ", age "
                + ageChannel + ", cap " + rulCap + " " + lifeUnit + ", " + normalisation
                + (regimes == null ? "" : " over " + regimes.count() + " regimes of " + regimes.channels()) + "]";
    }
}
