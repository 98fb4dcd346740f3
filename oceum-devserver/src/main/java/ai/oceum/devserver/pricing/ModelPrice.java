package ai.oceum.devserver.pricing;

import java.math.BigDecimal;

/**
 * A model's price in USD per one million tokens, input and output.
 *
 * @param inputPerMillion USD per 1M input (prompt) tokens
 * @param outputPerMillion USD per 1M output (completion) tokens
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    /** Validates that both prices are present and not negative. */
    public ModelPrice {
        if (inputPerMillion == null
                || outputPerMillion == null
                || inputPerMillion.signum() < 0
                || outputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("model prices must be numbers >= 0");
        }
    }

    /** The cost of one call in USD, exact to {@link Money#SCALE} decimal places. */
    public BigDecimal costUsd(long tokensInput, long tokensOutput) {
        // Dividing by 10^6 only moves the decimal point: the product is exact before rounding.
        BigDecimal cost = inputPerMillion
                .multiply(BigDecimal.valueOf(tokensInput))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(tokensOutput)))
                .movePointLeft(6);
        return Money.normalize(cost);
    }
}
