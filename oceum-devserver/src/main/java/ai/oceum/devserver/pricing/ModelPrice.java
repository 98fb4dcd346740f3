package ai.oceum.devserver.pricing;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A model's price in USD per one million tokens, input and output.
 *
 * @param inputPerMillion USD per 1M input (prompt) tokens
 * @param outputPerMillion USD per 1M output (completion) tokens
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Validates that both prices are present and not negative. */
    public ModelPrice {
        if (inputPerMillion == null || outputPerMillion == null || inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("model prices must be numbers >= 0");
        }
    }

    /** The cost of one call, in USD. */
    public double costUsd(long tokensInput, long tokensOutput) {
        BigDecimal cost = inputPerMillion.multiply(BigDecimal.valueOf(tokensInput))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(tokensOutput)))
                .divide(MILLION, MathContext.DECIMAL64);
        return cost.doubleValue();
    }
}
