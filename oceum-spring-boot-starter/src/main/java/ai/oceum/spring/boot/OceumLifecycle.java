package ai.oceum.spring.boot;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.health.DeliveryHealth;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the client alongside the application: the heartbeat from start to stop, the agent status
 * following the application's availability ({@code idle} when ready, {@code refusing-traffic},
 * {@code broken}, {@code shutting-down}), and at stop a flush of what was reported.
 *
 * <p>Its phase is below the web server's, so it starts before the server accepts requests and
 * stops after the server stopped taking them (graceful shutdown included): the flush at stop then
 * covers the last requests' events. The client itself is closed later, when the context destroys
 * the {@code Oceum} bean.
 *
 * <p>The heartbeat runs on one daemon thread of its own (not the core's {@code startHeartbeat})
 * so that each beat's outcome reaches {@link DeliveryHealth}: the health contributor shows the
 * cause of the last failure from it. Thread-safe.
 */
public class OceumLifecycle implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<?>> {
    /** Below Boot's web server life cycles (default phase − 1024 and − 2048): started before, stopped after. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spring.boot");

    private final Oceum oceum;
    private final OceumProperties properties;
    private final DeliveryHealth health;
    private final Object lock = new Object();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> nextBeat;
    private volatile boolean running;
    private volatile String lastStatus;

    OceumLifecycle(Oceum oceum, OceumProperties properties, DeliveryHealth health) {
        this.oceum = oceum;
        this.properties = properties;
        this.health = health;
        // A user's own Oceum bean also becomes the global client (ours already is).
        Oceum.setGlobal(oceum);
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            if (properties.getHeartbeat().isEnabled() && oceum.isEnabled()) {
                ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "oceum-heartbeat-" + oceum.agentId());
                    t.setDaemon(true);
                    return t;
                });
                s.setRemoveOnCancelPolicy(true);
                scheduler = s;
                schedule(0);
            }
        }
    }

    private void schedule(long delayMillis) {
        nextBeat = scheduler.schedule(this::beat, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            oceum.heartbeat().whenComplete(health::record);
        } catch (RuntimeException e) {
            // heartbeat() never throws; if it ever did, the next beat must still come.
        } finally {
            synchronized (lock) {
                if (running && scheduler != null) {
                    long interval = Math.max(
                            1000, properties.getHeartbeat().getInterval().toMillis());
                    // ±10 %: a fleet started together does not beat in step.
                    schedule((long)
                            (interval * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble())));
                }
            }
        }
    }

    /** Sets the agent status when the application's readiness or liveness changes. */
    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        Object state = event.getState();
        if (state == ReadinessState.ACCEPTING_TRAFFIC) {
            status("idle");
        } else if (state == ReadinessState.REFUSING_TRAFFIC) {
            status(running ? "refusing-traffic" : "shutting-down");
        } else if (state == LivenessState.BROKEN) {
            status("broken");
        }
    }

    private void status(String status) {
        if (!properties.getHeartbeat().isStatus()
                || !oceum.isEnabled()
                || oceum.isClosed()
                || status.equals(lastStatus)) {
            return;
        }
        lastStatus = status;
        oceum.setStatus(status).whenComplete(health::record);
    }

    /** The status last sent, or null. */
    String lastStatus() {
        return lastStatus;
    }

    /**
     * Stops the heartbeat, says {@code shutting-down}, and waits up to {@code oceum.close-timeout}
     * for everything reported so far to be delivered.
     */
    @Override
    public void stop() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            if (nextBeat != null) {
                nextBeat.cancel(false);
            }
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        }
        status("shutting-down");
        Duration timeout = properties.getCloseTimeout();
        if (!oceum.flush(timeout)) {
            log.warn(
                    "Oceum could not deliver every event within oceum.close-timeout ({}) at shutdown: {}",
                    timeout,
                    oceum.stats());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
