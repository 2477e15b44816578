package io.pdm.model.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A progress line on the terminal: epoch, step, loss and ETA, redrawn in place; one line per epoch
 * when the output is not a terminal (CI logs). Hand-written because it is a dozen lines.
 */
public final class ConsoleProgress implements TrainingMonitor {
    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private long lastDraw;

    public ConsoleProgress(PrintStream out, boolean interactive, String label) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
    }

    public static ConsoleProgress onStdout(String label) {
        return new ConsoleProgress(System.out, System.console() != null, label);
    }

    @Override
    public void onStep(int epoch, int epochs, int step, int steps, double meanLoss, Duration remaining) {
        long now = System.nanoTime();
        if (!interactive || (now - lastDraw < 200_000_000L && step < steps)) {
            return;
        }
        lastDraw = now;
        int width = 24;
        int filled = (int) ((long) width * step / steps);
        out.printf(
                "\r%s epoch %d/%d [%s%s] %d/%d loss %.4f ETA %s   ",
                label,
                epoch,
                epochs,
                "=".repeat(filled),
                " ".repeat(width - filled),
                step,
                steps,
                meanLoss,
                format(remaining));
        out.flush();
    }

    @Override
    public void onEpoch(EpochReport r) {
        out.printf(
                "%s%s epoch %d loss %.4f%s lr %.2e %.0f windows/s %s%n",
                interactive ? "\r" : "",
                label,
                r.epoch(),
                r.trainLoss(),
                Double.isNaN(r.validationScore())
                        ? ""
                        : String.format(" validation %.3f%s", r.validationScore(), r.improved() ? " *" : ""),
                r.learningRate(),
                r.examplesPerSecond(),
                format(r.elapsed()));
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format("%dm%02ds", s / 60, s % 60);
    }
}
