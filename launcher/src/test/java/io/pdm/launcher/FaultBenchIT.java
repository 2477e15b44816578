package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pdm bench faults}, shortened: a PostgreSQL restart, a Kafka outage, an MQTT broker restart and a {@code kill -9}
 * of the whole plant process (restarted on the same data directory) in the middle of a numbered QoS-1 stream lose
 * nothing acknowledged and store nothing twice: the store's rows are checked, so this is exactly once end to end
 * (Kafka in between may hold duplicates; the store's key removes them).
 */
@Timeout(600)
class FaultBenchIT {
    static final FaultBench.Options SHORT =
            new FaultBench.Options(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(5), 50);

    @Test
    void aPostgresRestartLosesNothingAcknowledged() throws Exception {
        FaultBench.Result r = run(FaultBench.Fault.POSTGRES_RESTART);
        assertThat(r.acknowledged()).isGreaterThan(100);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicatedRows()).isZero();
        assertThat(r.stored()).isGreaterThanOrEqualTo(r.acknowledged());
        assertThat(r.recovery()).isNotNull();
    }

    @Test
    void aKafkaOutageLosesNothingAcknowledged() throws Exception {
        FaultBench.Result r = run(FaultBench.Fault.KAFKA_OUTAGE);
        assertThat(r.acknowledged()).isGreaterThan(100);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicatedRows()).isZero();
        assertThat(r.recovery()).isNotNull();
    }

    @Test
    void anMqttBrokerRestartLosesNothingAcknowledged() throws Exception {
        FaultBench.Result r = run(FaultBench.Fault.MQTT_RESTART);
        assertThat(r.acknowledged()).isGreaterThan(100);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicatedRows()).isZero();
        assertThat(r.recovery()).isNotNull();
    }

    @Test
    void killMinus9OfThePlantProcessLosesNothingAcknowledged() throws Exception {
        FaultBench.Result r = run(FaultBench.Fault.KILL_9);
        assertThat(r.acknowledged()).isGreaterThan(100);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicatedRows()).isZero();
        assertThat(r.recovery()).isNotNull();
    }

    static FaultBench.Result run(FaultBench.Fault fault) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FaultBench.Result r = FaultBench.run(fault, SHORT, new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.println(r.line());
        return r;
    }
}
