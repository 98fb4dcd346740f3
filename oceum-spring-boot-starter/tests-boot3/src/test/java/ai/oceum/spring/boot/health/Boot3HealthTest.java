package ai.oceum.spring.boot.health;

import ai.oceum.spring.boot.health.boot3.OceumBoot3HealthIndicator;

/**
 * {@link HealthIndicatorContract} on Boot 3.5: the indicator on Boot 3's
 * {@code org.springframework.boot.actuate.health}, read through that API's {@code Health}.
 */
class Boot3HealthTest extends HealthIndicatorContract<OceumBoot3HealthIndicator> {
    Boot3HealthTest() {
        super(
                OceumBoot3HealthIndicator.class,
                i -> i.health().getStatus().getCode(),
                i -> i.health().getDetails());
    }
}
