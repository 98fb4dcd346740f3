package ai.oceum.spring.boot.health.boot3;

import ai.oceum.spring.boot.health.DeliveryHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code oceum} health contributor on Boot 3.5 ({@code org.springframework.boot.actuate.health});
 * the Boot 4 twin lives in {@code ai.oceum.spring.boot.health.boot4}. Thread-safe; never throws.
 */
public final class OceumBoot3HealthIndicator implements HealthIndicator {
    private final DeliveryHealth health;

    /** An indicator showing {@code health}. */
    public OceumBoot3HealthIndicator(DeliveryHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        DeliveryHealth.Report report = health.check();
        return Health.status(new Status(report.status()))
                .withDetails(report.details())
                .build();
    }
}
