package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pdm model train-writer}: the slot writer is the default kind, and an unknown kind is a usage error. */
class TrainWriterCommandTest {
    @Test
    void theSlotWriterIsTheDefaultAndItsSizeIsLeftToTheKind() {
        TrainWriterCommand c = new TrainWriterCommand();
        new CommandLine(c).parseArgs("--out", "w", "--no-simulator", "--cmapss", "data");
        assertThat(c.kind).isEqualTo("slots");
        assertThat(c.layers).isNull(); // 1 for slots, 3 for bytes, chosen when the kind is known
        assertThat(c.epochs).isNull();
        assertThat(c.patience).isEqualTo(3);
    }

    @Test
    void anUnknownKindIsAUsageErrorNamingTheKinds() {
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new TrainWriterCommand()).setErr(new PrintWriter(err));
        int code = line.execute("--out", "w", "--kind", "words", "--simulator");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--kind is slots or bytes, not 'words'");
    }
}
