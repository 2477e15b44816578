package io.pdm.inference.facts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** How fact sheets write numbers: three significant digits, never rounding the integer part, no exponent. */
public final class FactNumbers {
    private FactNumbers() {}

    public static String format(double value) {
        BigDecimal exact = BigDecimal.valueOf(value);
        int integerDigits = Math.max(0, exact.precision() - exact.scale());
        BigDecimal rounded = exact.round(new MathContext(Math.max(3, integerDigits), RoundingMode.HALF_UP));
        return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
    }

    /** With an explicit sign, for trends. */
    public static String signed(double value) {
        String text = format(value);
        return value > 0 ? "+" + text : text;
    }
}
