package io.pdm.federated.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShamirSecretSharingTest {

    private static final BigInteger P = ShamirSecretSharing.PRIME;

    private final SecureRandom random = new SecureRandom();
    private final BigInteger secret = new BigInteger(256, random);

    @Test
    void everyThresholdSizedSubsetReconstructsTheSecret() {
        List<ShamirShare> shares = ShamirSecretSharing.split(secret, 3, List.of(1, 2, 3, 4, 5), random);

        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                for (int c = b + 1; c < 5; c++) {
                    List<ShamirShare> subset = new ArrayList<>(List.of(shares.get(a), shares.get(b), shares.get(c)));
                    Collections.shuffle(subset, random);
                    assertThat(ShamirSecretSharing.reconstruct(subset, 3)).isEqualTo(secret);
                }
            }
        }
    }

    @Test
    void holdersAreClientIdsWithGapsAndSurvivorsReconstructAtTheirOwnIds() {
        // Clients 2, 4 and 6 never advertised keys, so the holders are the remaining ids, not 1..n.
        List<Integer> holders = List.of(1, 3, 5, 7, 8, 9);
        List<ShamirShare> shares = ShamirSecretSharing.split(secret, 4, holders, random);

        assertThat(shares).extracting(ShamirShare::x).containsExactlyElementsOf(holders);
        List<ShamirShare> survivors = List.of(shares.get(5), shares.get(2), shares.get(3), shares.get(0)); // 9, 5, 7, 1
        assertThat(ShamirSecretSharing.reconstruct(survivors, 4)).isEqualTo(secret);
    }

    @Test
    void manyHoldersAndHighThresholds() {
        // Bouncy Castle 1.82's ShamirSecretSplitter fails beyond 32 holders of a 32-byte secret, and its
        // ShamirSplitSecret beyond 129 shares. Ours has neither limit.
        int n = 300;
        int threshold = 201;
        List<ShamirShare> shares = new ArrayList<>(ShamirSecretSharing.split(
                secret, threshold, IntStream.rangeClosed(1, n).boxed().toList(), random));
        Collections.reverse(shares); // the highest ids first

        assertThat(ShamirSecretSharing.reconstruct(shares, threshold)).isEqualTo(secret);
    }

    @Test
    void fewerSharesThanTheThresholdAreConsistentWithEveryCandidateSecret() {
        List<ShamirShare> shares = ShamirSecretSharing.split(secret, 3, List.of(1, 2, 3, 4, 5), random);
        List<ShamirShare> known = shares.subList(0, 2);

        // The secret is affine in a third share y at x = 5: secret(y) = a + b·y with b ≠ 0, so for any candidate c
        // some y makes the 2 known shares reconstruct to c. 2 shares rule out no candidate.
        BigInteger a = ShamirSecretSharing.reconstruct(withShare(known, 5, BigInteger.ZERO), 3);
        BigInteger b = ShamirSecretSharing.reconstruct(withShare(known, 5, BigInteger.ONE), 3)
                .subtract(a)
                .mod(P);
        assertThat(b.signum()).isPositive();
        for (BigInteger candidate :
                List.of(BigInteger.ZERO, BigInteger.ONE, new BigInteger(256, random), secret.add(BigInteger.ONE))) {
            BigInteger y = candidate.subtract(a).multiply(b.modInverse(P)).mod(P);
            assertThat(ShamirSecretSharing.reconstruct(withShare(known, 5, y), 3))
                    .isEqualTo(candidate);
        }
        assertThatThrownBy(() -> ShamirSecretSharing.reconstruct(known, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 3 shares, got 2");
    }

    private static List<ShamirShare> withShare(List<ShamirShare> known, int x, BigInteger y) {
        List<ShamirShare> shares = new ArrayList<>(known);
        shares.add(new ShamirShare(x, y));
        return shares;
    }

    @Test
    void aReplacedShareReconstructsToAValueOutsideThe32ByteRangeButASmallEditMayNot() {
        List<ShamirShare> shares = ShamirSecretSharing.split(secret, 3, List.of(1, 2, 3, 4, 5), random)
                .subList(0, 3);
        for (int victim = 0; victim < 3; victim++) {
            List<ShamirShare> replaced = new ArrayList<>(shares);
            BigInteger garbage = new BigInteger(521, random).mod(P); // e.g. a share of another secret
            replaced.set(victim, new ShamirShare(replaced.get(victim).x(), garbage));

            // SecAggServer relies on this to reject inconsistent shares.
            assertThat(ShamirSecretSharing.reconstruct(replaced, 3).bitLength())
                    .isGreaterThan(8 * SecAggCrypto.SEED_BYTES);
        }
        // The limit of that check: at x = 1, 2, 3 the Lagrange weight of share 3 is 1, so adding 128 to it adds 128
        // to the secret, which still fits in 32 bytes. The check catches replaced shares, not small edits.
        List<ShamirShare> nudged = new ArrayList<>(shares);
        nudged.set(
                2,
                new ShamirShare(
                        3, shares.get(2).y().add(BigInteger.valueOf(128)).mod(P)));
        assertThat(ShamirSecretSharing.reconstruct(nudged, 3)).isEqualTo(secret.add(BigInteger.valueOf(128)));
    }

    @Test
    void malformedInputsAreRejected() {
        List<ShamirShare> shares = ShamirSecretSharing.split(secret, 2, List.of(1, 2, 3), random);

        assertThatThrownBy(() -> ShamirSecretSharing.reconstruct(List.of(shares.get(0), shares.get(0)), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate share x");
        assertThatThrownBy(() -> ShamirSecretSharing.split(secret, 4, List.of(1, 2, 3), random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShamirSecretSharing.split(secret, 2, List.of(1, 2, 2), random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> ShamirSecretSharing.split(P, 2, List.of(1, 2, 3), random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the field");
        assertThatThrownBy(() -> new ShamirShare(0, BigInteger.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedLengthEncodingRoundTripsIncludingLeadingZeros() {
        BigInteger small = BigInteger.valueOf(255);
        BigInteger top = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

        assertThat(new BigInteger(1, ShamirSecretSharing.toFixedBytes(small, 32)))
                .isEqualTo(small);
        assertThat(ShamirSecretSharing.toFixedBytes(top, 32)).hasSize(32);
        assertThat(new BigInteger(1, ShamirSecretSharing.toFixedBytes(top, 32))).isEqualTo(top);
        assertThatThrownBy(() -> ShamirSecretSharing.toFixedBytes(top.shiftLeft(1), 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The unmasking of a complete-graph round: every secret shared among the same holders. Reconstructing each with
     * its own Lagrange interpolation is O(t²) per secret, O(n³) for the round (0.51 CPU-s per secret at t = 1,000 on
     * this machine: 8.5 CPU-minutes on one thread for 1,000 plants, in the request of the last plant). With the
     * weights computed once it is O(t²) + O(t) per secret; 300 secrets of threshold 300 take well under the limit
     * below.
     */
    @Test
    void manySecretsAmongTheSameHoldersReuseOneSetOfLagrangeWeights() {
        int holders = 300;
        SecureRandom random = new SecureRandom();
        List<Integer> xs = IntStream.rangeClosed(1, holders).boxed().toList();
        // one random polynomial; secret j's polynomial is it shifted by (s_j - s_0): shares y_j(x) = y_0(x) + s_j - s_0
        BigInteger base = new BigInteger(256, random);
        List<ShamirShare> baseShares = ShamirSecretSharing.split(base, holders, xs, random);
        List<BigInteger> secrets = new ArrayList<>();
        for (int j = 0; j < holders; j++) secrets.add(new BigInteger(256, random));

        BigInteger[] weights = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20),
                () -> ShamirSecretSharing.weightsAtZero(
                        xs.stream().mapToInt(Integer::intValue).toArray()));
        List<BigInteger> recovered =
                org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                    List<BigInteger> all = new ArrayList<>();
                    for (BigInteger secret : secrets) {
                        BigInteger shift = secret.subtract(base);
                        all.add(ShamirSecretSharing.combine(
                                weights,
                                baseShares.stream()
                                        .map(share -> share.y().add(shift).mod(ShamirSecretSharing.PRIME))
                                        .toList()));
                    }
                    return all;
                });

        assertThat(recovered).containsExactlyElementsOf(secrets);
        assertThat(ShamirSecretSharing.reconstruct(baseShares, holders)).isEqualTo(base);
    }
}
