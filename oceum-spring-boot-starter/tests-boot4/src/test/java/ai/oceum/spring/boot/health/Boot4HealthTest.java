package ai.oceum.spring.boot.health;

import ai.oceum.spring.boot.health.boot4.OceumBoot4HealthIndicator;

/**
 * {@link HealthIndicatorContract} on Boot 4.0: the indicator on Boot 4's
 * {@code org.springframework.boot.health.contributor}, where Boot 4 moved the health API.
 */
class Boot4HealthTest extends HealthIndicatorContract<OceumBoot4HealthIndicator> {
    Boot4HealthTest() {
        super(
                OceumBoot4HealthIndicator.class,
                i -> i.health().getStatus().getCode(),
                i -> i.health().getDetails());
    }
}
