package io.pdm.federated.dp;

/**
 * Log-space arithmetic and log erfc, written by hand because neither the JDK nor the module's dependencies
 * offer them (no lgamma/erfc in java.lang.Math). Accurate to ~1e-13 relative, ample for privacy accounting.
 */
final class LogSpace {

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

    private LogSpace() {}

    /** log(e^a + e^b). */
    static double add(double logA, double logB) {
        double larger = Math.max(logA, logB);
        double smaller = Math.min(logA, logB);
        if (larger == Double.NEGATIVE_INFINITY) {
            return smaller;
        }
        return Math.log1p(Math.exp(smaller - larger)) + larger;
    }

    /** log(e^a − e^b) for a ≥ b. */
    static double subtract(double logA, double logB) {
        if (logA < logB) {
            throw new ArithmeticException("log-space subtraction would go negative: " + logA + " - " + logB);
        }
        if (logB == Double.NEGATIVE_INFINITY) {
            return logA;
        }
        if (logA == logB) {
            return Double.NEGATIVE_INFINITY;
        }
        double difference = Math.expm1(logA - logB);
        return Double.isInfinite(difference) ? logA : Math.log(difference) + logB;
    }

    /** log(erfc(x)), finite even where erfc(x) underflows a double (x &gt; ~26). */
    static double logErfc(double x) {
        if (x >= 2) {
            return -x * x - LOG_SQRT_PI + Math.log(erfcContinuedFraction(x));
        }
        if (x > -2) {
            return Math.log1p(-erf(x));
        }
        // erfc(x) = 2 − erfc(−x), and erfc(−x) is tiny here
        return Math.log(2 - Math.exp(logErfc(-x)));
    }

    /**
     * erf(x) = (2/√π)·e^{−x²}·Σ 2ⁿ x^{2n+1} / (2n+1)!!, a series of positive terms (no cancellation) that
     * converges quickly for |x| &lt; 2.
     */
    private static double erf(double x) {
        double term = x;
        double sum = x;
        double squared = x * x;
        for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * squared / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-squared) * sum;
    }

    /**
     * erfc(x)·√π·e^{x²} for x ≥ 2 from the continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
     * evaluated with the modified Lentz algorithm.
     */
    private static double erfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 1000; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double factor = c * d;
            f *= factor;
            if (Math.abs(factor - 1) < 1e-16) {
                break;
            }
        }
        return 1 / f;
    }
}
