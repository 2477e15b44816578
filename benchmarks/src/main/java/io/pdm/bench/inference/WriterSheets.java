package io.pdm.bench.inference;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fact sheets a writer is trained on: each source's lives replayed through the service's own steps
 * ({@link LifeReplay}, as {@code pdm alerts eval} does), keeping the sheet of every alert. The sources must be lives the
 * evaluation does not replay (C-MAPSS training engines, simulator seeds of the pump base), so that the writer is
 * measured on sheets it never saw.
 */
public final class WriterSheets {
    private WriterSheets() {}

    /** Every alert's fact sheet of every source, in replay order. */
    public static List<FactSheet> collect(List<EvalSource> sources, PrintStream log) throws IOException {
        List<FactSheet> sheets = new ArrayList<>();
        try (AlertTextPipeline template = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            for (EvalSource source : sources) {
                long start = System.nanoTime();
                int before = sheets.size();
                for (LifeReplay.Replayed r : new LifeReplay("writer", source.type(), source.baseDir())
                        .replay(source.lives(), template::write)) {
                    r.texts().forEach(t -> sheets.add(t.sheet()));
                }
                log.printf(
                        Locale.ROOT,
                        "%s: %d lives, %d fact sheets, %.0f s%n",
                        source.name(),
                        source.lives().size(),
                        sheets.size() - before,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return sheets;
    }
}
