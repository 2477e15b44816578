package io.pdm.federated.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirSecretSharingTest {

    private final SecureRandom random = new SecureRandom();
    private final BigInteger secret = new BigInteger(256, random);

    @Test
    void anyThresholdSizedSubsetReconstructsTheSecret() {
        List<ShamirShare> shares = new ArrayList<>(ShamirSecretSharing.split(secret, 3, List.of(1, 2, 3, 4, 5), random));

        for (int attempt = 0; attempt < 10; attempt++) {
            Collections.shuffle(shares, random);
            assertThat(ShamirSecretSharing.reconstruct(shares, 3)).isEqualTo(secret);
        }
    }

    @Test
    void fewerSharesThanTheThresholdDoNotYieldTheSecret() {
        List<ShamirShare> shares = ShamirSecretSharing.split(secret, 3, List.of(1, 2, 3, 4, 5), random);

        // Interpolating a degree-2 polynomial through 2 points gives a line whose value at 0 is unrelated.
        assertThat(ShamirSecretSharing.reconstruct(shares.subList(0, 2), 2)).isNotEqualTo(secret);
        assertThatThrownBy(() -> ShamirSecretSharing.reconstruct(shares.subList(0, 2), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedLengthEncodingRoundTripsIncludingLeadingZeros() {
        BigInteger small = BigInteger.valueOf(255);
        BigInteger top = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

        assertThat(new BigInteger(1, ShamirSecretSharing.toFixedBytes(small, 32))).isEqualTo(small);
        assertThat(ShamirSecretSharing.toFixedBytes(top, 32)).hasSize(32);
        assertThat(new BigInteger(1, ShamirSecretSharing.toFixedBytes(top, 32))).isEqualTo(top);
        assertThatThrownBy(() -> ShamirSecretSharing.toFixedBytes(top.shiftLeft(1), 32))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
