package ai.oceum.devserver.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as the dev server keeps it: {@link BigDecimal} in USD with at most {@value #SCALE}
 * decimal places (the database column's scale), written without trailing zeros. Stateless.
 */
public final class Money {
    /** Decimal places kept. */
    public static final int SCALE = 12;

    private Money() {}

    /** {@code amount} rounded half-even to {@value #SCALE} places, without trailing zeros ({@code 0.0003276}, {@code 0}). */
    public static BigDecimal normalize(BigDecimal amount) {
        if (amount == null || amount.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal n = amount.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return n.scale() < 0 ? n.setScale(0) : n;
    }
}
