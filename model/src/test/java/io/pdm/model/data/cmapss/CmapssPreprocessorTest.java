package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.model.data.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CmapssPreprocessorTest {
    /** The 14 sensors the literature keeps for FD001; s1, s5, s6, s10, s16, s18, s19 are flat. */
    private static final List<String> USUAL_14 =
            List.of("s2", "s3", "s4", "s7", "s8", "s9", "s11", "s12", "s13", "s14", "s15", "s17", "s20", "s21");

    @ParameterizedTest
    @ValueSource(strings = {"FD001", "FD002", "FD003", "FD004"})
    void keepsTheSensorsThatVaryWithinAnOperatingCondition(String name) {
        CmapssPreprocessor preprocessor =
                CmapssPreprocessor.fit(SharedData.cmapss(name).train(), ProtocolOptions.defaults());

        // Measured: after per-condition normalisation the same 14 sensors carry signal in every subset.
        assertThat(preprocessor.channelNames()).isEqualTo(USUAL_14);
        assertThat(preprocessor.channels()).isEqualTo(14);
    }

    @Test
    void droppedFd001SensorsAreExactlyTheFlatOnes() {
        List<CmapssEngine> train = SharedData.cmapss("FD001").train();
        CmapssPreprocessor preprocessor = CmapssPreprocessor.fit(train, ProtocolOptions.defaults());
        List<String> kept = preprocessor.channelNames();

        for (int s = 0; s < CmapssEngine.SENSORS; s++) {
            double std = rawStd(train, s);
            // measured: the flat sensors vary by at most 0.0014 (s6), the kept ones by at least 0.0375 (s15)
            if (kept.contains(CmapssEngine.sensorName(s))) {
                assertThat(std).isGreaterThan(0.03);
            } else {
                assertThat(std).isLessThan(0.002);
            }
        }
    }

    @Test
    void findsOneOperatingConditionInFd001AndFd003AndSixInFd002AndFd004() {
        assertThat(conditionCount("FD001")).isEqualTo(1);
        assertThat(conditionCount("FD003")).isEqualTo(1);
        assertThat(conditionCount("FD002")).isEqualTo(6);
        assertThat(conditionCount("FD004")).isEqualTo(6);
    }

    @Test
    void conditionsAreTheSixFlightRegimesOrderedBySettings() {
        double[][] centres = CmapssPreprocessor.fit(SharedData.cmapss("FD002").train(), ProtocolOptions.defaults())
                .conditions()
                .centres();

        double[][] expected = {
            {0, 0, 100}, {10, 0.25, 100}, {20, 0.7, 100}, {25, 0.62, 60}, {35, 0.84, 100}, {42, 0.84, 100}
        };
        for (int k = 0; k < expected.length; k++) {
            for (int c = 0; c < 3; c++) {
                assertThat(centres[k][c]).isCloseTo(expected[k][c], within(0.005));
            }
        }
    }

    @Test
    void explicitKMeansWithSixClustersFindsTheSameConditionsAsDetection() {
        List<CmapssEngine> train = SharedData.cmapss("FD002").train();
        CmapssPreprocessor detected = CmapssPreprocessor.fit(train, ProtocolOptions.defaults());
        CmapssPreprocessor sixMeans =
                CmapssPreprocessor.fit(train, ProtocolOptions.defaults().withConditionClusters(6));

        for (CmapssEngine engine : train.subList(0, 20)) {
            assertThat(sixMeans.transform(engine)).isDeepEqualTo(detected.transform(engine));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"FD001", "FD002", "FD004"})
    void normalisedTrainingDataHasZeroMeanAndUnitStdPerCondition(String name) {
        List<CmapssEngine> train = SharedData.cmapss(name).train();
        CmapssPreprocessor preprocessor = CmapssPreprocessor.fit(train, ProtocolOptions.defaults());
        OperatingConditions conditions = preprocessor.conditions();
        int channels = preprocessor.channels();
        double[][] sum = new double[conditions.count()][channels];
        double[][] squares = new double[conditions.count()][channels];
        long[] rows = new long[conditions.count()];
        for (CmapssEngine engine : train) {
            float[][] settings = engine.settings();
            float[][] normalised = preprocessor.transform(engine);
            for (int t = 0; t < normalised.length; t++) {
                int c = conditions.conditionOf(settings[t]);
                rows[c]++;
                for (int j = 0; j < channels; j++) {
                    sum[c][j] += normalised[t][j];
                    squares[c][j] += (double) normalised[t][j] * normalised[t][j];
                }
            }
        }
        for (int c = 0; c < conditions.count(); c++) {
            assertThat(rows[c]).isGreaterThan(7000);
            for (int j = 0; j < channels; j++) {
                double mean = sum[c][j] / rows[c];
                assertThat(mean).isCloseTo(0, within(1e-4));
                assertThat(Math.sqrt(squares[c][j] / rows[c] - mean * mean)).isCloseTo(1, within(1e-4));
            }
        }
    }

    @Test
    void appendsOneConditionChannelPerConditionWhenAsked() {
        List<CmapssEngine> train = SharedData.cmapss("FD002").train();
        CmapssPreprocessor preprocessor =
                CmapssPreprocessor.fit(train, ProtocolOptions.defaults().withConditionOneHot(true));
        float[][] normalised = preprocessor.transform(train.get(0));

        assertThat(preprocessor.channels()).isEqualTo(20);
        assertThat(preprocessor.channelNames().subList(14, 20))
                .containsExactly("condition1", "condition2", "condition3", "condition4", "condition5", "condition6");
        for (float[] row : normalised) {
            float[] oneHot = Arrays.copyOfRange(row, 14, 20);
            assertThat(oneHot).containsOnly(0f, 1f);
            double ones = 0;
            for (float v : oneHot) {
                ones += v;
            }
            assertThat(ones).isEqualTo(1);
        }
    }

    @Test
    void appendsTheCycleNumberInUnitsOfTheRulCapWhenAsked() {
        List<CmapssEngine> train = SharedData.cmapss("FD001").train();
        CmapssPreprocessor preprocessor =
                CmapssPreprocessor.fit(train, ProtocolOptions.defaults().withCycleChannel(true));
        float[][] normalised = preprocessor.transform(train.get(0));

        assertThat(preprocessor.channels()).isEqualTo(15);
        assertThat(preprocessor.channelNames().get(14)).isEqualTo("cycle");
        assertThat(normalised[0][14]).isEqualTo(1f / 125);
        assertThat(normalised[124][14]).isEqualTo(1f);
        assertThat(CmapssPreprocessor.fromJson(preprocessor.toJson()).channels())
                .isEqualTo(15);
    }

    @Test
    void jsonRoundTripGivesIdenticalTransforms() {
        CmapssSubset fd004 = SharedData.cmapss("FD004");
        CmapssPreprocessor fitted =
                CmapssPreprocessor.fit(fd004.train(), ProtocolOptions.defaults().withConditionOneHot(true));

        CmapssPreprocessor restored = CmapssPreprocessor.fromJson(fitted.toJson());

        assertThat(restored.options()).isEqualTo(fitted.options());
        assertThat(restored.channelNames()).isEqualTo(fitted.channelNames());
        List<float[][]> before = new ArrayList<>();
        List<float[][]> after = new ArrayList<>();
        for (CmapssEngine engine : fd004.test()) {
            before.add(fitted.transform(engine));
            after.add(restored.transform(engine));
        }
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).isDeepEqualTo(before.get(i));
        }
    }

    private static double rawStd(List<CmapssEngine> engines, int sensor) {
        double sum = 0;
        double squares = 0;
        long rows = 0;
        for (CmapssEngine engine : engines) {
            for (float[] row : engine.sensors()) {
                sum += row[sensor];
                squares += (double) row[sensor] * row[sensor];
                rows++;
            }
        }
        double mean = sum / rows;
        return Math.sqrt(Math.max(0, squares / rows - mean * mean));
    }

    private static int conditionCount(String name) {
        return CmapssPreprocessor.fit(SharedData.cmapss(name).train(), ProtocolOptions.defaults())
                .conditions()
                .count();
    }
}
