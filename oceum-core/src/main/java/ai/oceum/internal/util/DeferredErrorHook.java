package ai.oceum.internal.util;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.WebhookResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The bridge from {@code ai.oceum.integration.DeferredError} to the client's private emit path:
 * {@link Oceum} installs its implementation in its static initializer, so it is in place before
 * any client exists. A bridge rather than a public method on the facade: applications report
 * errors through {@link Oceum#error}; this is an adapter's fast path.
 *
 * <p>Thread-safe: written once while {@link Oceum} initialises, read by any thread.
 */
public final class DeferredErrorHook {
    /** The client's entry point for an error whose report is built later. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Queues an {@code error} event of {@code client} stamped {@code timestampMillis}, tied to
         * {@code task} (null: none), whose report {@code report} builds on the sender thread.
         */
        CompletableFuture<WebhookResponse> report(
                Oceum client, long timestampMillis, TaskScope task, Supplier<? extends ErrorReport> report);
    }

    private static volatile Sink sink;

    private DeferredErrorHook() {}

    /** Installs the client's implementation (by {@link Oceum}'s static initializer). */
    public static void install(Sink implementation) {
        sink = implementation;
    }

    /** The installed implementation; null only before {@link Oceum} was initialised. */
    public static Sink sink() {
        return sink;
    }
}
