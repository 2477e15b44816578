package io.pdm.federated.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * t-of-n Shamir secret sharing over GF(p) with the Mersenne prime p = 2^521 − 1, large enough for any 32-byte
 * secret (a seed or an X25519 scalar). The x-coordinates are the holders' client ids, whatever subset of 1..n
 * took part.
 *
 * <p>Hand-written, because the Shamir sharing in our Bouncy Castle 1.82 ({@code org.bouncycastle.crypto.threshold})
 * fails for rounds this protocol allows. We checked this against the 1.82 jar:
 * <ul>
 *   <li>{@code ShamirSecretSplitter.split} and {@code resplit} size the share array by the secret length l, not
 *   by the share count n ({@code new ShamirSplitSecretShare[l]}). With a 32-byte secret, more than 32 holders
 *   throws ArrayIndexOutOfBoundsException, so our 50- and 100-plant benchmarks would fail. Padding the secret to
 *   n bytes works around it.</li>
 *   <li>{@code ShamirSplitSecret.getSecret} counts its Lagrange factors in a {@code byte}, so recombining 130 or
 *   more shares throws ArrayIndexOutOfBoundsException (index −128). No workaround exists outside its code: the
 *   threshold would be capped at 129, and a 2/3 threshold breaks above 193 plants.</li>
 *   <li>Its field is GF(2^8), byte by byte (AES polynomial 0x11B or "RSA" 0x11D). That allows at most 255 holders,
 *   and a share is exactly as long as the secret. So a share replaced by garbage just yields another plausible
 *   secret. Here, such a share almost surely reconstructs to a value above 2^256, which {@link SecAggServer}
 *   rejects. A small edit to a share can still pass: with x = 1..n the Lagrange weights may be small
 *   integers.</li>
 * </ul>
 * What Bouncy Castle does offer would fit: injectable SecureRandom, and recombination at any x
 * ({@code new ShamirSplitSecretShare(bytes, x)}) even though split numbers shares 1..n. Revisit once a release
 * fixes the two bugs and 255 holders is an acceptable limit. The arithmetic is a few lines of BigInteger; like
 * Bouncy Castle's, it is not constant-time.
 */
public final class ShamirSecretSharing {

    public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);

    /** Bytes of a field element in fixed-length big-endian encoding. */
    public static final int ELEMENT_BYTES = 66;

    private ShamirSecretSharing() {}

    /** Shares of {@code secret} for each holder x; any {@code threshold} of them reconstruct it, fewer reveal nothing. */
    public static List<ShamirShare> split(
            BigInteger secret, int threshold, Collection<Integer> holders, SecureRandom random) {
        if (secret.signum() < 0 || secret.compareTo(PRIME) >= 0) {
            throw new IllegalArgumentException("secret is outside the field");
        }
        if (threshold < 1 || threshold > holders.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " for " + holders.size() + " holders");
        }
        if (new HashSet<>(holders).size() != holders.size()) {
            throw new IllegalArgumentException("holders must be distinct: " + holders);
        }
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = secret;
        for (int i = 1; i < threshold; i++) {
            coefficients[i] = randomElement(random);
        }
        List<ShamirShare> shares = new ArrayList<>(holders.size());
        for (int x : holders) {
            BigInteger bigX = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = threshold - 1; i >= 0; i--) { // Horner
                y = y.multiply(bigX).add(coefficients[i]).mod(PRIME);
            }
            shares.add(new ShamirShare(x, y));
        }
        return shares;
    }

    /** Lagrange interpolation at 0 from the first {@code threshold} shares. */
    public static BigInteger reconstruct(List<ShamirShare> shares, int threshold) {
        if (shares.size() < threshold) {
            throw new IllegalArgumentException("need " + threshold + " shares, got " + shares.size());
        }
        List<ShamirShare> used = shares.subList(0, threshold);
        Set<Integer> xs = new HashSet<>();
        used.forEach(share -> xs.add(share.x()));
        if (xs.size() != used.size()) {
            throw new IllegalArgumentException("duplicate share x among " + xs);
        }
        BigInteger secret = BigInteger.ZERO;
        for (ShamirShare share : used) {
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (ShamirShare other : used) {
                if (other.x() != share.x()) {
                    numerator =
                            numerator.multiply(BigInteger.valueOf(other.x())).mod(PRIME);
                    denominator = denominator
                            .multiply(BigInteger.valueOf(other.x() - share.x()))
                            .mod(PRIME);
                }
            }
            BigInteger basisAtZero = numerator.multiply(denominator.modInverse(PRIME));
            secret = secret.add(share.y().multiply(basisAtZero)).mod(PRIME);
        }
        return secret;
    }

    /**
     * The Lagrange weights at 0 for these x-coordinates: secret = Σ weight_i · y_i for any polynomial of degree below
     * their count. Depends on the x's only, so many secrets shared among the same holders (every plant's, in a round
     * with the complete graph) need it once: O(t²) once and O(t) per secret, where calling {@link #reconstruct} per
     * secret costs O(t²) each. At 1,000 plants that is seconds instead of the ~8.5 CPU-minutes that 1,000
     * reconstructions of degree 999 take on one thread (0.51 CPU-s each, measured here).
     */
    public static BigInteger[] weightsAtZero(int[] xs) {
        Set<Integer> distinct = new HashSet<>();
        for (int x : xs) {
            if (x <= 0 || !distinct.add(x)) {
                throw new IllegalArgumentException("share x must be positive and distinct, got " + x);
            }
        }
        BigInteger[] weights = new BigInteger[xs.length];
        for (int i = 0; i < xs.length; i++) {
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (int j = 0; j < xs.length; j++) {
                if (j != i) {
                    numerator = numerator.multiply(BigInteger.valueOf(xs[j])).mod(PRIME);
                    denominator = denominator
                            .multiply(BigInteger.valueOf(xs[j] - xs[i]))
                            .mod(PRIME);
                }
            }
            weights[i] = numerator.multiply(denominator.modInverse(PRIME)).mod(PRIME);
        }
        return weights;
    }

    /** Σ weight_i · y_i mod p: the secret from shares whose x's gave {@code weights} ({@link #weightsAtZero}). */
    public static BigInteger combine(BigInteger[] weights, List<BigInteger> ys) {
        if (ys.size() != weights.length) {
            throw new IllegalArgumentException("need " + weights.length + " shares, got " + ys.size());
        }
        BigInteger secret = BigInteger.ZERO;
        for (int i = 0; i < weights.length; i++) {
            secret = secret.add(ys.get(i).multiply(weights[i]));
        }
        return secret.mod(PRIME);
    }

    /** Big-endian, left-padded to {@code length} bytes. */
    static byte[] toFixedBytes(BigInteger value, int length) {
        if (value.signum() < 0 || value.bitLength() > 8 * length) {
            throw new IllegalArgumentException("value does not fit in " + length + " unsigned bytes");
        }
        byte[] raw = value.toByteArray();
        int copied = Math.min(raw.length, length); // toByteArray may add a leading zero sign byte
        byte[] fixed = new byte[length];
        System.arraycopy(raw, raw.length - copied, fixed, length - copied, copied);
        return fixed;
    }

    private static BigInteger randomElement(SecureRandom random) {
        BigInteger candidate;
        do {
            candidate = new BigInteger(521, random);
        } while (candidate.compareTo(PRIME) >= 0);
        return candidate;
    }
}
