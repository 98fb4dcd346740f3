package ai.oceum.integration;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.util.DeferredErrorHook;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Reports an error whose {@link ErrorReport} is built later, on the client's sender thread: the
 * hot path of an adapter that sees many errors (the Logback appender). The caller captures the
 * raw parts it has at hand (strings, an immutable map, the exception) in the supplier; building
 * the metadata, the message and the report itself then costs the caller nothing.
 *
 * <pre>{@code
 * String thread = Thread.currentThread().getName();            // captured now, on the caller
 * DeferredError.report(oceum, System.currentTimeMillis(),
 *         () -> ErrorReport.builder("payment failed").throwable(e).meta(Map.of("thread", thread)).build());
 * }</pre>
 *
 * <p><b>What is fixed at the call:</b> the event's time ({@code timestampMillis}) and its task (the
 * one open on the calling thread, or the one given); the report's own
 * {@link ErrorReport#timestamp()}, {@link ErrorReport#task()} and
 * {@link ErrorReport#taskFromContext()} are ignored.
 *
 * <p><b>Threading contract of the supplier.</b> It runs once, on the sender thread; with a spool
 * directory it runs on the calling thread instead, before the call returns (the event is written
 * to disk before the call returns, so its body is built there). It must therefore only read
 * values that nobody changes after the call (capture copies or immutable values, not the caller's
 * thread-locals, MDC or mutable arguments), must not block, and must not call back into the
 * client. A supplier that throws or returns null loses the event, counted in
 * {@link Oceum#stats()} as dropped ({@link ai.oceum.DropReason#REJECTED}) with a rate-limited
 * warning; the sender goes on.
 *
 * <p>Thread-safe and stateless. Like {@link Oceum#error(ErrorReport)}, never throws and never blocks
 * on the network; a disabled (or null) client completes at once without calling the supplier.
 */
public final class DeferredError {
    private DeferredError() {}

    /**
     * Queues an error of {@code client} stamped {@code timestampMillis} (epoch millis), tied to the
     * task open on the calling thread, if any; {@code report} builds it later (see the class comment).
     *
     * @return the future of Oceum's answer, as for {@link Oceum#error(ErrorReport)}
     */
    public static CompletableFuture<WebhookResponse> report(
            Oceum client, long timestampMillis, Supplier<? extends ErrorReport> report) {
        return report(client, timestampMillis, currentTask(), report);
    }

    /**
     * As {@link #report(Oceum, long, Supplier)}, tied to {@code task} whatever is current on the
     * calling thread; null means no task.
     */
    public static CompletableFuture<WebhookResponse> report(
            Oceum client, long timestampMillis, TaskScope task, Supplier<? extends ErrorReport> report) {
        if (client == null) {
            return CompletableFuture.completedFuture(WebhookResponse.disabled()); // nobody to report to
        }
        // Never null here: Oceum installs the hook when its class initialises, before any client exists.
        return DeferredErrorHook.sink().report(client, timestampMillis, task, report);
    }

    private static TaskScope currentTask() {
        return TaskScope.current().orElse(null);
    }
}
