package io.pdm.model.data.cmapss;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Published C-MAPSS test results (true RUL capped at 125, last window per test engine), printed next
 * to our own evaluation for reference. Numbers are as the papers report them; they were not reproduced here.
 */
public final class PublishedResults {
    /**
     * One published result for one subset; RMSE is a range when it summarises several papers
     * ({@code rmseLow == rmseHigh} for a single paper).
     */
    public record PublishedResult(
            String method, String source, String subset, double rmseLow, double rmseHigh, OptionalDouble score) {
        public boolean isRange() {
            return rmseLow != rmseHigh;
        }
    }

    private static final String[] SUBSETS = {"FD001", "FD002", "FD003", "FD004"};

    private static final List<PublishedResult> ALL = List.copyOf(concat(
            // S. Zheng, K. Ristovski, A. Farahat, C. Gupta, "Long Short-Term Memory Network for Remaining
            // Useful Life estimation", IEEE ICPHM 2017.
            single("LSTM", "Zheng et al. 2017, IEEE ICPHM", new double[] {16.14, 24.49, 16.18, 28.17}, new double[] {
                338, 4450, 852, 5550
            }),
            // X. Li, Q. Ding, J.-Q. Sun, "Remaining useful life estimation in prognostics using deep
            // convolution neural networks", Reliability Engineering & System Safety 172 (2018) 1–11.
            single("DCNN", "Li et al. 2018, RESS 172", new double[] {12.61, 22.36, 12.64, 23.31}, new double[] {
                273.7, 10412, 284.1, 12466
            }),
            // Z. Zhang, W. Song, Q. Li, "Dual-Aspect Self-Attention Based on Transformer for Remaining Useful Life
            // Prediction", IEEE Transactions on Instrumentation and Measurement 71 (2022) 3505711,
            // doi:10.1109/TIM.2022.3160561 (arXiv:2106.15842). RMSE as reported there; scores not carried over.
            rmseOnly("DAST transformer", "Zhang et al. 2022, IEEE TIM 71", new double[] {11.43, 15.25, 11.32, 18.23}),
            // Z. Fan, W. Li, K.-C. Chang, "A Two-Stage Attention-Based Hierarchical Transformer for Turbofan Engine
            // Remaining Useful Life Prediction", Sensors 24(3) (2024) 824, doi:10.3390/s24030824. RMSE as reported.
            rmseOnly("STAR transformer", "Fan et al. 2024, Sensors 24(3)", new double[] {10.61, 13.47, 10.71, 15.87})));

    private PublishedResults() {}

    public static List<PublishedResult> all() {
        return ALL;
    }

    public static List<PublishedResult> forSubset(String subset) {
        return ALL.stream().filter(r -> r.subset().equals(subset)).toList();
    }

    /** A small text table of the published results for one subset, optionally with our own row. */
    public static String table(String subset, RulEvaluation ours) {
        StringBuilder table =
                new StringBuilder(String.format(Locale.ROOT, "%-42s %13s %9s%n", subset, "RMSE", "score"));
        for (PublishedResult r : forSubset(subset)) {
            String rmse = r.isRange()
                    ? String.format(Locale.ROOT, "%.1f–%.1f", r.rmseLow(), r.rmseHigh())
                    : String.format(Locale.ROOT, "%.2f", r.rmseLow());
            String score = r.score().isPresent()
                    ? String.format(Locale.ROOT, "%.1f", r.score().getAsDouble())
                    : "–";
            table.append(String.format(Locale.ROOT, "%-42s %13s %9s%n", r.method(), rmse, score));
        }
        if (ours != null) {
            table.append(String.format(Locale.ROOT, "%-42s %13.2f %9.1f%n", "this model", ours.rmse(), ours.score()));
        }
        return table.toString();
    }

    private static List<PublishedResult> single(String method, String source, double[] rmse, double[] score) {
        List<PublishedResult> rows = new ArrayList<>();
        for (int i = 0; i < SUBSETS.length; i++) {
            rows.add(new PublishedResult(method, source, SUBSETS[i], rmse[i], rmse[i], OptionalDouble.of(score[i])));
        }
        return rows;
    }

    private static List<PublishedResult> rmseOnly(String method, String source, double[] rmse) {
        List<PublishedResult> rows = new ArrayList<>();
        for (int i = 0; i < SUBSETS.length; i++) {
            rows.add(new PublishedResult(method, source, SUBSETS[i], rmse[i], rmse[i], OptionalDouble.empty()));
        }
        return rows;
    }

    @SafeVarargs
    private static List<PublishedResult> concat(List<PublishedResult>... parts) {
        List<PublishedResult> all = new ArrayList<>();
        for (List<PublishedResult> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
