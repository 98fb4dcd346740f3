package ai.oceum.spring.boot.health.boot4;

import ai.oceum.spring.boot.health.DeliveryHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code oceum} health contributor on Boot 4.0 ({@code org.springframework.boot.health});
 * the Boot 3 twin lives in {@code ai.oceum.spring.boot.health.boot3}. Thread-safe; never throws.
 */
public final class OceumBoot4HealthIndicator implements HealthIndicator {
    private final DeliveryHealth health;

    /** An indicator showing {@code health}. */
    public OceumBoot4HealthIndicator(DeliveryHealth health) {
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
