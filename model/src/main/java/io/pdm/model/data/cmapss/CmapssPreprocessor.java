package io.pdm.model.data.cmapss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The fitted input normalisation of the C-MAPSS protocol: operating conditions, the sensors kept, and a
 * z-score per condition and sensor. Fitted on training engines only; test engines only pass through
 * {@link #transform}. A trained model must ship with this object (see {@link #toJson()}), since its
 * inputs mean nothing without the same normalisation.
 *
 * @param options      the protocol options it was fitted with
 * @param conditions   operating-condition centres
 * @param keptSensors  0-based indices (s1 is 0) of the sensors that vary within a condition, ascending
 * @param means        conditions × kept sensors
 * @param stds         conditions × kept sensors (never zero)
 */
public record CmapssPreprocessor(
        ProtocolOptions options, OperatingConditions conditions, int[] keptSensors, double[][] means, double[][] stds) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Below this a within-condition std counts as zero; dividing by it would blow up noise. */
    private static final double MIN_STD = 1e-6;

    public CmapssPreprocessor {
        keptSensors = keptSensors.clone();
        means = copy(means);
        stds = copy(stds);
        if (means.length != conditions.count() || stds.length != conditions.count()) {
            throw new IllegalArgumentException("need means and stds for each of " + conditions.count() + " conditions");
        }
        for (int k = 0; k < means.length; k++) {
            if (means[k].length != keptSensors.length || stds[k].length != keptSensors.length) {
                throw new IllegalArgumentException(
                        "condition " + k + ": need a mean and std for each of " + keptSensors.length + " sensors");
            }
        }
    }

    /** Fits conditions, sensor selection and per-condition z-scores on training engines. */
    public static CmapssPreprocessor fit(List<CmapssEngine> trainingEngines, ProtocolOptions options) {
        return fit(trainingEngines, options, null);
    }

    /**
     * As {@link #fit(List, ProtocolOptions)} with the sensors given instead of selected: a few engines can show
     * jitter on a sensor that is constant over many, and the model's input width must not change with that.
     *
     * @param keptSensors 0-based sensor indices, ascending; null to select by variance
     */
    public static CmapssPreprocessor fit(
            List<CmapssEngine> trainingEngines, ProtocolOptions options, int[] keptSensors) {
        List<float[]> settings = new ArrayList<>();
        List<float[]> sensors = new ArrayList<>();
        for (CmapssEngine engine : trainingEngines) {
            settings.addAll(Arrays.asList(engine.settings()));
            sensors.addAll(Arrays.asList(engine.sensors()));
        }
        OperatingConditions conditions = OperatingConditions.fit(settings, options.conditionClusters());
        int[] condition = settings.stream().mapToInt(conditions::conditionOf).toArray();
        int k = conditions.count();
        long[] rows = new long[k];
        double[][] mean = new double[k][CmapssEngine.SENSORS];
        double[][] squares = new double[k][CmapssEngine.SENSORS];
        for (int i = 0; i < condition.length; i++) {
            rows[condition[i]]++;
            addValues(mean[condition[i]], sensors.get(i));
        }
        for (int c = 0; c < k; c++) {
            if (rows[c] == 0) {
                throw new IllegalStateException(
                        "operating condition " + c + " has no training rows; use fewer conditionClusters");
            }
            for (int s = 0; s < CmapssEngine.SENSORS; s++) {
                mean[c][s] /= rows[c];
            }
        }
        for (int i = 0; i < condition.length; i++) {
            addSquaredDeviations(squares[condition[i]], sensors.get(i), mean[condition[i]]);
        }
        int[] kept = keptSensors != null
                ? keptSensors.clone()
                : keptSensors(squares, condition.length, options.constantSensorStd());
        double[][] keptMeans = new double[k][kept.length];
        double[][] keptStds = new double[k][kept.length];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < kept.length; j++) {
                keptMeans[c][j] = mean[c][kept[j]];
                double std = Math.sqrt(squares[c][kept[j]] / rows[c]);
                keptStds[c][j] = std < MIN_STD ? 1 : std;
            }
        }
        return new CmapssPreprocessor(options, conditions, kept, keptMeans, keptStds);
    }

    /**
     * Keeps a sensor when its pooled within-condition std reaches the threshold, i.e. it still varies
     * after per-condition normalisation. With one condition this is the plain std.
     */
    private static int[] keptSensors(double[][] squaresPerCondition, long rows, double threshold) {
        return IntStream.range(0, CmapssEngine.SENSORS)
                .filter(s -> Math.sqrt(Arrays.stream(squaresPerCondition)
                                        .mapToDouble(sq -> sq[s])
                                        .sum()
                                / rows)
                        >= threshold)
                .toArray();
    }

    private static void addValues(double[] sums, float[] row) {
        for (int s = 0; s < row.length; s++) {
            sums[s] += row[s];
        }
    }

    private static void addSquaredDeviations(double[] sums, float[] row, double[] centre) {
        for (int s = 0; s < row.length; s++) {
            double d = row[s] - centre[s];
            sums[s] += d * d;
        }
    }

    /** Normalised inputs of one engine: cycles × {@link #channels()}. */
    public float[][] transform(CmapssEngine engine) {
        float[][] settings = engine.settings();
        float[][] sensors = engine.sensors();
        int oneHot = options.appendConditionOneHot() ? conditions.count() : 0;
        float[][] out = new float[sensors.length][channels()];
        for (int t = 0; t < sensors.length; t++) {
            int c = conditions.conditionOf(settings[t]);
            for (int j = 0; j < keptSensors.length; j++) {
                out[t][j] = (float) ((sensors[t][keptSensors[j]] - means[c][j]) / stds[c][j]);
            }
            if (oneHot > 0) {
                out[t][keptSensors.length + c] = 1f;
            }
            if (options.appendCycle()) {
                out[t][keptSensors.length + oneHot] = (t + 1f) / options.rulCap();
            }
        }
        return out;
    }

    public int channels() {
        return keptSensors.length
                + (options.appendConditionOneHot() ? conditions.count() : 0)
                + (options.appendCycle() ? 1 : 0);
    }

    /**
     * Channel names in order: kept sensors ("s2", …), then "condition1", … when one-hot is appended, then
     * "cycle" when the cycle number is.
     */
    public List<String> channelNames() {
        List<String> names = new ArrayList<>();
        for (int s : keptSensors) {
            names.add(CmapssEngine.sensorName(s));
        }
        if (options.appendConditionOneHot()) {
            for (int c = 1; c <= conditions.count(); c++) {
                names.add("condition" + c);
            }
        }
        if (options.appendCycle()) {
            names.add("cycle");
        }
        return List.copyOf(names);
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the preprocessor", e);
        }
    }

    public static CmapssPreprocessor fromJson(String json) {
        try {
            return JSON.readValue(json, CmapssPreprocessor.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a serialised CmapssPreprocessor: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public int[] keptSensors() {
        return keptSensors.clone();
    }

    @Override
    public double[][] means() {
        return copy(means);
    }

    @Override
    public double[][] stds() {
        return copy(stds);
    }

    private static double[][] copy(double[][] rows) {
        return Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
    }
}
