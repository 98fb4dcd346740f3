package ai.oceum.spring.boot.metrics;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters read from the client's {@link Oceum#stats()} whenever they are read (no
 * thread, no copy kept), tagged {@code agent=<agent id>}:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@code oceum.events.accepted}</td><td>counter</td><td>events handed to the client</td></tr>
 * <tr><td>{@code oceum.events.sent}</td><td>counter</td><td>events Oceum acknowledged</td></tr>
 * <tr><td>{@code oceum.events.retried}</td><td>counter</td><td>attempts retried</td></tr>
 * <tr><td>{@code oceum.events.failed}</td><td>counter</td><td>events that ended undelivered after reaching Oceum or exhausting retries</td></tr>
 * <tr><td>{@code oceum.events.dropped}, tag {@code reason}</td><td>counter</td><td>events not delivered, by {@link DropReason} ({@code queue_full}, …)</td></tr>
 * <tr><td>{@code oceum.events.replayed}</td><td>counter</td><td>events found in the spool from an earlier process</td></tr>
 * <tr><td>{@code oceum.events.not.spooled}</td><td>counter</td><td>events a spooling client kept in memory only</td></tr>
 * <tr><td>{@code oceum.queue.size}</td><td>gauge</td><td>events waiting to be sent</td></tr>
 * <tr><td>{@code oceum.requests.in.flight}</td><td>gauge</td><td>requests on the wire</td></tr>
 * <tr><td>{@code oceum.spool.events}</td><td>gauge</td><td>events held in the spool directory</td></tr>
 * </table>
 *
 * <p>Thread-safe; each read costs one {@code stats()} snapshot.
 */
public class OceumMeterBinder implements MeterBinder {
    private final Oceum oceum;

    /** Meters of {@code oceum}. */
    public OceumMeterBinder(Oceum oceum) {
        this.oceum = oceum;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("agent", oceum.agentId());
        counter(registry, "oceum.events.accepted", "Events handed to the Oceum client", tags, OceumStats::accepted);
        counter(registry, "oceum.events.sent", "Events Oceum acknowledged", tags, OceumStats::sent);
        counter(registry, "oceum.events.retried", "Delivery attempts retried", tags, OceumStats::retried);
        counter(
                registry,
                "oceum.events.failed",
                "Events that ended undelivered after reaching Oceum or exhausting retries",
                tags,
                OceumStats::failed);
        counter(
                registry,
                "oceum.events.replayed",
                "Events replayed from the spool of an earlier process",
                tags,
                OceumStats::replayed);
        counter(
                registry,
                "oceum.events.not.spooled",
                "Events a spooling client kept in memory only",
                tags,
                OceumStats::notSpooled);
        for (DropReason reason : DropReason.values()) {
            counter(
                    registry,
                    "oceum.events.dropped",
                    "Events not delivered, by reason",
                    tags.and("reason", reason.name().toLowerCase(Locale.ROOT)),
                    s -> s.dropped(reason));
        }
        gauge(registry, "oceum.queue.size", "Events waiting to be sent", tags, OceumStats::queued);
        gauge(registry, "oceum.requests.in.flight", "Requests to Oceum on the wire", tags, OceumStats::inFlight);
        gauge(registry, "oceum.spool.events", "Events held in the spool directory", tags, OceumStats::spooled);
    }

    private void counter(
            MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<OceumStats> f) {
        FunctionCounter.builder(name, oceum, o -> f.applyAsDouble(o.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private void gauge(
            MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<OceumStats> f) {
        Gauge.builder(name, oceum, o -> f.applyAsDouble(o.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
