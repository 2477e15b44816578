package io.pdm.federated.secagg;

import java.math.BigInteger;
import java.util.Objects;

/** One point (x, y) of a Shamir polynomial; x is the holder's client id (never 0, which is the secret). */
public record ShamirShare(int x, BigInteger y) {

    public ShamirShare {
        Objects.requireNonNull(y, "y");
        if (x <= 0) {
            throw new IllegalArgumentException("share x must be positive, was " + x);
        }
    }
}
