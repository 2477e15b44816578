package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pdm.features.FeatureJobConfig;
import io.pdm.ingest.IngestConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option names, deprecated aliases and duration syntax of the service commands, parsed as {@code pdm} parses them. */
class ConfigOptionsTest {

    @SuppressWarnings("unchecked")
    static <T> T parse(String... args) {
        CommandLine.ParseResult r = Pdm.commandLine().parseArgs(args);
        return (T) r.subcommand().commandSpec().userObject();
    }

    /** Runs {@code action} and returns what it printed to stderr. */
    static String stderrOf(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void durationsAsUsersTypeThem() {
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--duration", "60s").duration)
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--duration", "5m").duration)
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--duration", "5 min").duration)
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--duration", "2h").duration)
                .isEqualTo(Duration.ofHours(2));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--duration", "500ms").duration)
                .isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--duration", "PT1M").duration)
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo").progressEvery).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> parse("demo", "--duration", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("not a duration: 'soon'");
    }

    @Test
    void demoWindowSizeAndItsDeprecatedAlias() {
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo").settings().window())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--window-size", "30s")
                        .settings()
                        .window())
                .isEqualTo(Duration.ofSeconds(30));

        DemoCommand old = parse("demo", "--window", "20s");
        String warning = stderrOf(() -> assertThat(old.settings().window()).isEqualTo(Duration.ofSeconds(20)));
        assertThat(warning).contains("--window is deprecated", "use --window-size");

        DemoCommand both = parse("demo", "--window", "20s", "--window-size", "40s");
        stderrOf(() -> assertThat(both.settings().window()).isEqualTo(Duration.ofSeconds(40)));
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo").settings().restPort())
                .isEqualTo(8080);
    }

    @Test
    void demoStampsTheCurrentTimeUnlessItReplaysFasterThanTheClock() {
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo").settings())
                .satisfies(s -> assertThat(s.clock()).isEqualTo(DemoCommand.Clock.now))
                .extracting(DemoSettings::speed)
                .isEqualTo(1.0);
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--speed", "60")
                        .settings()
                        .clock())
                .isEqualTo(DemoCommand.Clock.replay);
        assertThat(ConfigOptionsTest.<DemoCommand>parse("demo", "--clock", "replay")
                        .settings()
                        .clock())
                .isEqualTo(DemoCommand.Clock.replay);
        DemoCommand future = parse("demo", "--clock", "now", "--speed", "60");
        assertThatThrownBy(future::settings)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--speed 60.0 needs --clock replay");
    }

    @Test
    void featuresWindowOptionsAndTheirDeprecatedAliases() {
        if (System.getenv("PDM_PLANT") == null) {
            assertThatThrownBy(() -> parse("features", "--jdbc", "jdbc:x"))
                    .isInstanceOf(CommandLine.MissingParameterException.class)
                    .hasMessageContaining("--plant");
        }
        FeatureJobConfig tumbling = ConfigOptionsTest.<FeaturesCommand>parse(
                        "features", "--plant", "plant-a", "--jdbc", "jdbc:x")
                .config();
        assertThat(tumbling.windowSize()).isEqualTo(Duration.ofSeconds(60));
        assertThat(tumbling.tumbling()).isTrue();

        FeatureJobConfig sliding = ConfigOptionsTest.<FeaturesCommand>parse(
                        "features",
                        "--plant",
                        "plant-a",
                        "--jdbc",
                        "jdbc:x",
                        "--window-size",
                        "2m",
                        "--window-slide",
                        "30s",
                        "--kafka",
                        "k:9092")
                .config();
        assertThat(sliding.windowSize()).isEqualTo(Duration.ofMinutes(2));
        assertThat(sliding.windowSlide()).isEqualTo(Duration.ofSeconds(30));
        assertThat(sliding.bootstrapServers()).isEqualTo("k:9092");

        FeaturesCommand old =
                parse("features", "--plant", "plant-a", "--jdbc", "jdbc:x", "--window", "2m", "--slide", "20s");
        FeatureJobConfig[] out = new FeatureJobConfig[1];
        String warnings = stderrOf(() -> out[0] = old.config());
        assertThat(out[0].windowSize()).isEqualTo(Duration.ofMinutes(2));
        assertThat(out[0].windowSlide()).isEqualTo(Duration.ofSeconds(20));
        assertThat(warnings)
                .contains("--window is deprecated", "use --window-size", "--slide is deprecated", "use --window-slide");

        FeaturesCommand both =
                parse("features", "--plant", "plant-a", "--jdbc", "jdbc:x", "--window", "2m", "--window-size", "3m");
        stderrOf(() -> out[0] = both.config());
        assertThat(out[0].windowSize()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void ingestOptionsOverTheDefaults() {
        assumeThat(System.getenv().keySet()).noneMatch(k -> k.startsWith("PDM_"));
        IngestConfig defaults = ConfigOptionsTest.<IngestCommand>parse("ingest").config();
        assertThat(defaults.restPort()).isEqualTo(8080);
        assertThat(defaults.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(defaults.mqttUrl()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(defaults.plants()).isEmpty();

        IngestConfig given = ConfigOptionsTest.<IngestCommand>parse(
                        "ingest",
                        "--rest-port",
                        "9000",
                        "--kafka",
                        "k:9092",
                        "--mqtt",
                        "tcp://b:1883",
                        "--plant",
                        "plant-a,plant-b",
                        "--plant",
                        "plant-c",
                        "--connections",
                        "3",
                        "--client-id-prefix",
                        "ingest-2")
                .config();
        assertThat(given.restPort()).isEqualTo(9000);
        assertThat(given.kafkaBootstrap()).isEqualTo("k:9092");
        assertThat(given.mqttUrl()).isEqualTo("tcp://b:1883");
        assertThat(given.plants()).containsExactly("plant-a", "plant-b", "plant-c");
        assertThat(given.connections()).isEqualTo(3);
        assertThat(given.clientIdPrefix()).isEqualTo("ingest-2");
    }
}
