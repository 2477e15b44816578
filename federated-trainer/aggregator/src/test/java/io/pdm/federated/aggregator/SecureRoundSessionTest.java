package io.pdm.federated.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.federated.aggregator.SecureRoundSession.Phase;
import io.pdm.federated.protocol.PlantPrivacy;
import io.pdm.federated.protocol.SecureAggregationParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The secure round's phase time limits, derived from the round's deadline. */
class SecureRoundSessionTest {

    private static final Instant OPENED = Instant.parse("2026-12-05T12:00:00Z");
    private static final Instant DEADLINE = OPENED.plus(Duration.ofSeconds(80));

    @Test
    void advertisingGetsHalfOfTheRoundBecausePlantsTrainBeforeTheyAdvertise() {
        assertThat(SecureRoundSession.phaseDeadline(Phase.ADVERTISING, OPENED, DEADLINE))
                .isEqualTo(OPENED.plusSeconds(40));
    }

    @Test
    void phasesThatRunTheirFullTimeLeaveSlackBeforeTheRoundsDeadline() {
        Instant sharing = SecureRoundSession.phaseDeadline(Phase.ADVERTISING, OPENED, DEADLINE);
        Instant masking = SecureRoundSession.phaseDeadline(Phase.SHARING_KEYS, sharing, DEADLINE);
        Instant unmasking = SecureRoundSession.phaseDeadline(Phase.MASKING, masking, DEADLINE);
        Instant done = SecureRoundSession.phaseDeadline(Phase.UNMASKING, unmasking, DEADLINE);

        assertThat(masking).isEqualTo(OPENED.plusSeconds(50));
        assertThat(unmasking).isEqualTo(OPENED.plusSeconds(60));
        assertThat(done).as("a tenth of the round is left to publish").isEqualTo(OPENED.plusSeconds(70));
    }

    @Test
    void aPhaseThatClosesEarlyLeavesItsTimeToTheLaterOnes() {
        Instant allAdvertised = OPENED.plusSeconds(4);

        Instant sharingLimit = SecureRoundSession.phaseDeadline(Phase.SHARING_KEYS, allAdvertised, DEADLINE);

        assertThat(Duration.between(allAdvertised, sharingLimit)).isEqualTo(Duration.ofSeconds(19));
    }

    @Test
    void aWaitingRequestIsWokenByThePhaseChangeAndNoneWaitsOnASessionThatIsOver() {
        AtomicInteger wakes = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        SecureRoundSession session = new SecureRoundSession(
                1,
                new SecureAggregationParameters(
                        "session", new TreeMap<>(Map.of("plant-a", 1, "plant-b", 2, "plant-c", 3)), 2, 65536, 1),
                4,
                OPENED,
                DEADLINE,
                new SecureRoundSession.Outcome() {
                    @Override
                    public void completed(long round, float[] mean, List<String> plants, List<PlantPrivacy> privacy) {}

                    @Override
                    public void failed(long round, String reason) {
                        failure.set(reason);
                    }
                });

        assertThat(session.readOrWait(() -> session.keyDirectory(1), wakes::incrementAndGet))
                .isEmpty();
        assertThat(wakes).as("registered, not run").hasValue(0);

        session.tick(OPENED.plusSeconds(41)); // advertising times out with nobody: the round fails, phase DONE
        assertThat(failure.get()).contains("ADVERTISING");
        assertThat(wakes).as("woken by the change").hasValue(1);

        assertThat(session.readOrWait(() -> session.keyDirectory(1), wakes::incrementAndGet))
                .isEmpty();
        assertThat(wakes).as("answered at once: nothing will change any more").hasValue(2);
    }

    @Test
    void aPhaseStartingAfterTheRoundsDeadlineClosesAtOnce() {
        Instant late = DEADLINE.plusSeconds(1);
        assertThat(SecureRoundSession.phaseDeadline(Phase.MASKING, late, DEADLINE))
                .isEqualTo(late);
    }

    @Test
    void withSecAggPlusEachPlantIsHandedOnlyItsNeighboursKeys() {
        TreeMap<String, Integer> ids = new TreeMap<>();
        for (int id = 1; id <= 12; id++) ids.put(String.format("plant-%02d", id), id);
        SecureAggregationParameters parameters = new SecureAggregationParameters("plus", ids, 4, 65536, 1, 4);
        SecureRoundSession session =
                new SecureRoundSession(1, parameters, 4, 12, OPENED, DEADLINE, new SecureRoundSession.Outcome() {
                    @Override
                    public void completed(long round, float[] mean, List<String> plants, List<PlantPrivacy> privacy) {}

                    @Override
                    public void failed(long round, String reason) {}
                });
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int id = 1; id <= 12; id++) {
            session.receive(
                    new io.pdm.federated.secagg.SecAggClient(id, parameters.config(4), random).advertiseKeys(), OPENED);
        }

        io.pdm.federated.secagg.NeighbourGraph graph = parameters.config(4).graph();
        for (int id = 1; id <= 12; id++) {
            assertThat(session.keyDirectory(id).orElseThrow().keysByClient().keySet())
                    .containsExactlyInAnyOrderElementsOf(graph.holders(id));
        }
        assertThat(graph.holders(1)).hasSize(5);
    }
}
