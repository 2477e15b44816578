package io.pdm.bench.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static long of(String json) {
        return EventIds.candidateNumber(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTheCandidateNumberInTheEventsData() {
        assertEquals(
                1234,
                of("{\"specversion\":\"1.0\",\"data\":{\"alert\":{\"facts\":{\"candidateId\":\"L1234\",\"x\":1}}}}"));
        assertEquals(0, of("{\"candidateId\":\"L0\"}"));
    }

    @Test
    void anEventOfNoBenchCandidateIsMinusOne() {
        assertEquals(-1, of("{\"candidateId\":\"c17\"}"));
        assertEquals(-1, of("{\"candidateId\":\"L\"}"));
        assertEquals(-1, of("{\"candidateId\":\"L12"));
        assertEquals(-1, of("{}"));
    }
}
