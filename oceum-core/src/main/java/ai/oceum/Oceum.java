// Over 400 lines on purpose: this is the facade, every public method of the client in one place
// (the list in DESIGN.md), each a few lines of Javadoc and a delegation to one collaborator:
// Payloads builds what an event says, the Dispatcher delivers it, Heartbeat beats, VaultCalls and
// MemoryReads make the remote calls, TaskScope holds a task.
package ai.oceum;

import ai.oceum.internal.config.ConfigSource;
import ai.oceum.internal.config.Settings;
import ai.oceum.internal.delivery.Clock;
import ai.oceum.internal.delivery.Dispatcher;
import ai.oceum.internal.delivery.Event;
import ai.oceum.internal.delivery.EventQueues;
import ai.oceum.internal.delivery.Requests;
import ai.oceum.internal.delivery.RetryPolicy;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.event.StatusPayload;
import ai.oceum.internal.transport.HttpTransport;
import ai.oceum.internal.transport.NetworkFailures;
import ai.oceum.internal.util.CloseOnce;
import ai.oceum.internal.util.DeferredErrorHook;
import ai.oceum.internal.util.Fatal;
import ai.oceum.internal.util.ReporterThreads;
import ai.oceum.memory.MemoryEntry;
import ai.oceum.memory.MemoryQuery;
import ai.oceum.memory.MemoryWrite;
import ai.oceum.vault.VaultEntry;
import ai.oceum.vault.VaultListOptions;
import ai.oceum.vault.VaultProxyRequest;
import ai.oceum.vault.VaultProxyResponse;
import ai.oceum.vault.VaultSecret;
import ai.oceum.vault.VaultStoreOptions;
import ai.oceum.vault.VaultToken;
import ai.oceum.webhook.WebhookSignature;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Oceum client: one per agent identity, thread-safe, {@link AutoCloseable}.
 *
 * <pre>{@code
 * Oceum oceum = Oceum.fromEnv();              // OCEUM_API_KEY, OCEUM_AGENT_ID, OCEUM_BASE_URL
 * oceum.startHeartbeat();
 * Verdict v = oceum.wrap("triage-ticket", () -> triage(ticket));
 * oceum.reportUsage(Usage.of("gpt-4o", 1200, 450));
 * }</pre>
 *
 * <p><b>Telemetry calls</b> ({@code heartbeat}, {@code taskStart}, {@code taskComplete},
 * {@code error}, {@code setStatus}, {@code reportUsage}, {@code memory}) put the event in a
 * bounded queue and return at once with a future of Oceum's answer. They never block on the
 * network and never throw: a dropped event completes its future exceptionally with an
 * {@link OceumException} whose {@link OceumException#reason() reason} says why, and is counted in
 * {@link #stats()}.
 *
 * <p><b>Request/response calls</b> ({@code readMemory} and the vault) run on the caller's thread,
 * retry like telemetry, and throw {@link OceumException} when they fail.
 *
 * <p>A client built without an API key by {@link #fromEnv()} is <em>disabled</em>: every
 * telemetry call completes at once with {@link WebhookResponse#disabled()}, and the
 * request/response calls throw.
 */
public final class Oceum implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum");
    private static final Object GLOBAL_LOCK = new Object();
    private static volatile Oceum global;

    static {
        // The way in of ai.oceum.integration.DeferredError, in place before any client exists.
        DeferredErrorHook.install(Oceum::deferredError);
    }

    private final Settings settings;
    private final String agentId;
    private final Dispatcher dispatcher;
    private final VaultCalls vault;
    private final MemoryReads memoryReads;
    private final Heartbeat heartbeat;
    private final CloseOnce closed = new CloseOnce();
    private final Thread shutdownHook;

    Oceum(Settings settings) {
        this.settings = settings;
        this.agentId = settings.agentId();
        HttpTransport transport = new HttpTransport(settings);
        RetryPolicy retry =
                new RetryPolicy(settings.maxRetries(), settings.retryInitialDelay(), settings.retryMaxDelay());
        NetworkFailures failures =
                new NetworkFailures(settings.baseUrl(), settings.connectTimeout(), settings.requestTimeout());
        this.dispatcher = new Dispatcher(
                settings,
                EventQueues.open(settings.spoolDir(), settings.spoolMaxBytes(), settings.queueCapacity()),
                transport,
                retry,
                failures);
        Requests requests = new Requests(transport, retry, failures, Clock.SYSTEM, agentId);
        this.vault = new VaultCalls(requests, agentId);
        this.memoryReads = new MemoryReads(requests);
        this.heartbeat = new Heartbeat(agentId, this::heartbeat);
        if (settings.spoolDir() != null) {
            // The write-ahead makes the first event's JSON on the application's thread: load the
            // JSON stack now, while the client is built, not in the application's first call.
            Dispatcher.warmUpJson(agentId);
        }
        this.dispatcher.start(Oceum::warmUpCallerPath);
        this.shutdownHook = settings.shutdownHook() ? installShutdownHook() : null;
    }

    /** The disabled client. */
    private Oceum(String agentId) {
        this.settings = null;
        this.agentId = agentId;
        this.dispatcher = null;
        this.vault = null;
        this.memoryReads = null;
        this.heartbeat = null;
        this.shutdownHook = null;
    }

    private Thread installShutdownHook() {
        Thread hook = ReporterThreads.factory("shutdown", agentId).newThread(this::close);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return hook;
        } catch (IllegalStateException | SecurityException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ construction

    /** A builder; unset options come from system properties and environment variables. */
    public static OceumBuilder builder() {
        return new OceumBuilder();
    }

    /**
     * A client configured from system properties and environment variables
     * ({@code OCEUM_API_KEY}, {@code OCEUM_AGENT_ID}, {@code OCEUM_BASE_URL}, …). Without an API
     * key it returns a disabled client and logs one warning.
     *
     * @throws IllegalArgumentException when a variable is set to a wrong value
     * @throws IllegalStateException when a key is set but no agent id
     */
    public static Oceum fromEnv() {
        return fromConfig(ConfigSource.system());
    }

    static Oceum fromConfig(ConfigSource source) {
        OceumBuilder b = builder().configSource(source);
        if (!b.hasApiKey()) {
            log.warn("Oceum is disabled: OCEUM_API_KEY is not set, so nothing is reported. Set it (and OCEUM_AGENT_ID) "
                    + "to report to Oceum.");
            String id = source.get("OCEUM_AGENT_ID");
            return new Oceum(id == null ? "disabled" : id);
        }
        return b.build();
    }

    /** A client that sends nothing: every telemetry call completes at once. Useful in tests. */
    public static Oceum disabled() {
        return new Oceum("disabled");
    }

    /**
     * The process-wide client for hooks that cannot be handed one (the Java agent, listeners
     * created by a framework): the one set with {@link #setGlobal}, else one built once with
     * {@link #fromEnv()}. Never throws: a configuration error gives a disabled client and a warning.
     */
    public static Oceum global() {
        Oceum g = global;
        if (g != null) {
            return g;
        }
        synchronized (GLOBAL_LOCK) {
            if (global == null) {
                try {
                    global = fromEnv();
                } catch (RuntimeException e) {
                    log.warn("Oceum is disabled: {}", e.getMessage());
                    global = disabled();
                }
            }
            return global;
        }
    }

    /** Sets the process-wide client returned by {@link #global()}; null clears it. */
    public static void setGlobal(Oceum client) {
        synchronized (GLOBAL_LOCK) {
            global = client;
        }
    }

    // ------------------------------------------------------------------ identity

    /** This client's agent id. */
    public String agentId() {
        return agentId;
    }

    /** False for a disabled client (no API key): nothing is sent. */
    public boolean isEnabled() {
        return dispatcher != null;
    }

    /** Whether the calling thread is one of the SDK's own (log appenders use it to avoid recursion). */
    public static boolean isReporterThread() {
        return ReporterThreads.isReporterThread();
    }

    // ------------------------------------------------------------------ telemetry

    /** Reports that the agent is alive. */
    public CompletableFuture<WebhookResponse> heartbeat() {
        return emit("heartbeat", Payload.EMPTY, System.currentTimeMillis());
    }

    /**
     * Reports that a task started. Prefer {@link #startTask} or {@link #wrap}, which also time it
     * and tie usage and errors to it; this is the reference SDK's plain event.
     */
    public CompletableFuture<WebhookResponse> taskStart(String taskName) {
        return taskStart(taskName, null);
    }

    /** Reports that a task started, with metadata. */
    public CompletableFuture<WebhookResponse> taskStart(String taskName, Map<String, ?> meta) {
        return emit(
                "task_start",
                Payloads.plainTask(taskName, meta, TaskScope.currentOrNull()),
                System.currentTimeMillis());
    }

    /** Reports that a task completed. */
    public CompletableFuture<WebhookResponse> taskComplete(String taskName) {
        return taskComplete(taskName, null);
    }

    /** Reports that a task completed, with metadata (for example a confidence score). */
    public CompletableFuture<WebhookResponse> taskComplete(String taskName, Map<String, ?> meta) {
        return emit(
                "task_complete",
                Payloads.plainTask(taskName, meta, TaskScope.currentOrNull()),
                System.currentTimeMillis());
    }

    /** Reports an error message. */
    public CompletableFuture<WebhookResponse> error(String message) {
        return error(ErrorReport.builder(message).build());
    }

    /** Reports an error message with metadata. */
    public CompletableFuture<WebhookResponse> error(String message, Map<String, ?> meta) {
        return error(ErrorReport.builder(message).meta(meta).build());
    }

    /** Reports an exception: type, message, stack trace, causes and suppressed. */
    public CompletableFuture<WebhookResponse> error(Throwable throwable) {
        return error(ErrorReport.builder(null).throwable(throwable).build());
    }

    /** Reports an exception with metadata. */
    public CompletableFuture<WebhookResponse> error(Throwable throwable, Map<String, ?> meta) {
        return error(ErrorReport.builder(null).throwable(throwable).meta(meta).build());
    }

    /** Reports an error described in full (time, task, throwable, metadata). */
    public CompletableFuture<WebhookResponse> error(ErrorReport report) {
        try {
            ErrorReport r = report != null
                    ? report
                    : ErrorReport.builder("null error report").build();
            TaskScope task = r.task() != null ? r.task() : r.taskFromContext() ? TaskScope.currentOrNull() : null;
            long ts = r.timestamp() != null ? r.timestamp().toEpochMilli() : System.currentTimeMillis();
            return emit("error", Payloads.error(r, task), ts);
        } catch (Throwable t) {
            return failedCall(t);
        }
    }

    /** An error whose report {@code report} builds later (ai.oceum.integration.DeferredError). */
    private CompletableFuture<WebhookResponse> deferredError(
            long timestampMillis, TaskScope task, Supplier<? extends ErrorReport> report) {
        if (report == null) {
            return error((ErrorReport) null);
        }
        return emit("error", new DeferredErrorPayload(report, task), timestampMillis);
    }

    /** Reports the agent's status, for example {@code idle}, {@code busy}, {@code offline}. */
    public CompletableFuture<WebhookResponse> setStatus(String status) {
        return emit("status", new StatusPayload(status == null ? "unknown" : status), System.currentTimeMillis());
    }

    /**
     * Reports one LLM call's token usage; the answer carries the cost
     * ({@link WebhookResponse#costUsd()}). Inside a task, the usage is tied to it and summed into
     * its completion.
     */
    public CompletableFuture<WebhookResponse> reportUsage(Usage usage) {
        return reportUsage(usage, TaskScope.currentOrNull());
    }

    /**
     * Reports one LLM call's usage tied to {@code task}, whatever is current on the calling thread:
     * for callbacks that run on another thread than the call (a streaming answer). A null task
     * means "no task", not "the task open on this thread".
     */
    public CompletableFuture<WebhookResponse> reportUsage(Usage usage, TaskScope task) {
        try {
            Usage u = usage == null ? Usage.builder().reported(false).build() : usage;
            if (task != null) {
                task.addUsage(u.tokensInput(), u.tokensOutput());
            }
            return emit("usage", Payloads.usage(u, task), System.currentTimeMillis());
        } catch (Throwable t) {
            return failedCall(t);
        }
    }

    /** Writes a shared-memory entry visible to peer agents. */
    public CompletableFuture<WebhookResponse> memory(String content) {
        return memory(content, MemoryWrite.none());
    }

    /** Writes a shared-memory entry with tags and metadata. */
    public CompletableFuture<WebhookResponse> memory(String content, MemoryWrite options) {
        try {
            return emit(
                    "memory", Payloads.memory(content, options, TaskScope.currentOrNull()), System.currentTimeMillis());
        } catch (Throwable t) {
            return failedCall(t);
        }
    }

    // ------------------------------------------------------------------ heartbeat

    /** Sends a heartbeat now and then every {@code heartbeatInterval} (default 60 s), jittered ±10 %. */
    public void startHeartbeat() {
        startHeartbeat(settings == null ? Duration.ofSeconds(60) : settings.heartbeatInterval());
    }

    /**
     * Sends a heartbeat now and then about every {@code interval} (±10 % so that a fleet started
     * together does not beat in step). Replaces a running heartbeat. Intervals under 1 s are raised
     * to 1 s.
     */
    public void startHeartbeat(Duration interval) {
        if (heartbeat == null || closed.isClosed()) {
            return;
        }
        heartbeat.start(Math.max(1000, interval == null ? 60_000 : interval.toMillis()));
    }

    /** Stops the automatic heartbeat. */
    public void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.stop();
        }
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Opens a task on the calling thread: sends {@code task_start}; closing the scope sends
     * {@code task_complete} with the duration and usage. Nested inside an open task, it is a child.
     */
    public TaskScope startTask(String name) {
        return startTask(name, null);
    }

    /** Opens a task with metadata (sent with its start and completion). */
    public TaskScope startTask(String name, Map<String, ?> meta) {
        TaskScope scope = newTask(name, meta, TaskScope.currentOrNull());
        scope.attach();
        return scope;
    }

    /**
     * Opens a task that is <em>not</em> made current on the calling thread: for work that runs
     * elsewhere (a streaming answer, a callback). Make it current where needed with
     * {@link TaskScope#makeCurrent()}; close it from any thread.
     *
     * @param parent the enclosing task, or null for a top-level task
     */
    public TaskScope startDetachedTask(String name, Map<String, ?> meta, TaskScope parent) {
        return newTask(name, meta, parent);
    }

    private TaskScope newTask(String name, Map<String, ?> meta, TaskScope parent) {
        TaskScope scope = new TaskScope(this, Payloads.nameOrDefault(name), parent, meta);
        try {
            emitUnwatched("task_start", Payloads.taskStart(scope), System.currentTimeMillis());
        } catch (Throwable t) {
            Fatal.rethrowIfFatal(t);
        }
        return scope;
    }

    /** Called once by {@link TaskScope#close()}: its {@code task_complete}, or the {@code error} of a failed task. */
    void endTask(TaskScope scope) {
        try {
            Payload end = Payloads.taskEnd(scope);
            emitUnwatched(scope.failure() == null ? "task_complete" : "error", end, System.currentTimeMillis());
        } catch (Throwable t) {
            Fatal.rethrowIfFatal(t);
        }
    }

    /**
     * Runs {@code body} as a task: {@code task_start}, then {@code task_complete} with the
     * duration, or — when it throws — an {@code error} for the task and the same exception
     * rethrown unchanged.
     */
    public <T, E extends Exception> T wrap(String name, TaskCallable<T, E> body) throws E {
        return wrap(name, null, body);
    }

    /** As {@link #wrap(String, TaskCallable)}, with metadata. */
    public <T, E extends Exception> T wrap(String name, Map<String, ?> meta, TaskCallable<T, E> body) throws E {
        TaskScope scope = startTask(name, meta);
        try {
            return body.call();
        } catch (Throwable t) {
            scope.fail(t);
            throw t;
        } finally {
            scope.close();
        }
    }

    /** Runs {@code body} as a task (see {@link #wrap(String, TaskCallable)}). */
    public <E extends Exception> void wrap(String name, TaskRunnable<E> body) throws E {
        wrap(name, null, body);
    }

    /** Runs {@code body} as a task with metadata. */
    public <E extends Exception> void wrap(String name, Map<String, ?> meta, TaskRunnable<E> body) throws E {
        TaskScope scope = startTask(name, meta);
        try {
            body.run();
        } catch (Throwable t) {
            scope.fail(t);
            throw t;
        } finally {
            scope.close();
        }
    }

    /**
     * A proxy of {@code iface} that reports every call of an {@link ai.oceum.annotation.AgentTask}
     * method (annotated on the interface or on {@code target}'s class) as a task, and delegates to
     * {@code target}. Exceptions reach the caller unchanged.
     *
     * @throws IllegalArgumentException when {@code iface} is not an interface or {@code target} does not implement it
     */
    public <T> T instrument(Class<T> iface, T target) {
        return AgentTaskProxy.create(this, iface, target);
    }

    // ------------------------------------------------------------------ request/response

    /** The newest shared-memory entries. */
    public List<MemoryEntry> readMemory() {
        return readMemory(MemoryQuery.all());
    }

    /**
     * Reads shared-memory entries by tag.
     *
     * @throws OceumException when Oceum cannot be reached or refuses
     */
    public List<MemoryEntry> readMemory(MemoryQuery query) {
        return remote(memoryReads).read(query);
    }

    /**
     * Stores sensitive data in the vault; returns the token that stands for it.
     *
     * @throws OceumException when Oceum cannot be reached or refuses (the message never holds the data)
     */
    public VaultToken vaultStore(String data, VaultStoreOptions options) {
        return remote(vault).store(data, options);
    }

    /** Reads a secret back with its token (only where the token's access policy allows this agent). */
    public VaultSecret vaultRetrieve(String token) {
        return remote(vault).retrieve(token);
    }

    /** Makes an HTTP call with the secret injected by Oceum: the agent never sees the secret. */
    public VaultProxyResponse vaultProxy(String token, VaultProxyRequest request) {
        return remote(vault).proxy(token, request);
    }

    /** Revokes a token permanently; returns whether Oceum says it is revoked. */
    public boolean vaultRevoke(String token) {
        return remote(vault).revoke(token);
    }

    /** Lists vault entries: metadata only, never the secrets. */
    public List<VaultEntry> vaultList(VaultListOptions options) {
        return remote(vault).list(options);
    }

    /** Lists every vault entry's metadata (first 50). */
    public List<VaultEntry> vaultList() {
        return vaultList(VaultListOptions.all());
    }

    private <T> T remote(T calls) {
        if (calls == null) {
            throw new OceumException("Oceum is disabled (no API key): set OCEUM_API_KEY to use memory and the vault");
        }
        if (closed.isClosed()) {
            throw new OceumException("Oceum client for agent '" + agentId + "' is closed");
        }
        return calls;
    }

    // ------------------------------------------------------------------ webhooks

    /**
     * Verifies an incoming webhook: HMAC-SHA256 of {@code payload} under {@code secret}, hex,
     * compared in constant time. False (never an exception) for null, wrong-length or non-hex input.
     */
    public static boolean verifyWebhookSignature(String payload, String signature, String secret) {
        return WebhookSignature.verify(payload, signature, secret);
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Waits until every queued event is answered, or the timeout passes.
     *
     * @return true when nothing is left to send
     */
    public boolean flush(Duration timeout) {
        if (dispatcher == null) {
            return true;
        }
        return dispatcher.flush(timeout == null ? Duration.ZERO : timeout);
    }

    /** Counters of what was sent, retried, dropped and spooled. */
    public OceumStats stats() {
        if (dispatcher == null) {
            return new OceumStats(0, 0, 0, 0, 0, 0, Map.of(), 0, 0);
        }
        return dispatcher.stats();
    }

    /**
     * Stops the heartbeat, flushes for up to {@code closeTimeout}, then stops the SDK's threads.
     * Requests still unanswered then are aborted and count as not delivered: with a spool they stay
     * in it (the next client sends them again, with the same {@code Idempotency-Key}), else they are
     * dropped and counted ({@link DropReason#SHUTDOWN}); so are events reported during or after it.
     * When it returns, every telemetry future is complete. Runs once: a second call, or the
     * shutdown hook, waits for the close in progress and returns its result.
     */
    @Override
    public void close() {
        close(settings == null ? Duration.ZERO : settings.closeTimeout());
    }

    /** As {@link #close()}, waiting at most {@code timeout}; returns whether everything was delivered. */
    public boolean close(Duration timeout) {
        return closed.close(() -> closeOnce(timeout));
    }

    private boolean closeOnce(Duration timeout) {
        if (heartbeat != null) {
            heartbeat.close();
        }
        boolean drained = dispatcher == null || dispatcher.close(timeout == null ? Duration.ZERO : timeout);
        // Only now: while the close runs, a JVM exit must still find the hook (it waits for this close).
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | SecurityException shuttingDown) {
                // The JVM is already shutting down: the hook is running and waits for this close.
            }
        }
        synchronized (GLOBAL_LOCK) {
            if (global == this) {
                global = null;
            }
        }
        return drained;
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed.isClosed();
    }

    @Override
    public String toString() {
        if (settings == null) {
            return "Oceum{agentId=" + agentId + ", disabled}";
        }
        return "Oceum{agentId=" + agentId + ", baseUrl=" + settings.baseUrl()
                + (settings.spoolDir() == null ? "" : ", spoolDir=" + settings.spoolDir())
                + (closed.isClosed() ? ", closed" : "") + '}';
    }

    // ------------------------------------------------------------------ internals

    /**
     * Runs on the sender thread as it starts ({@link Dispatcher#start(Runnable)}): loads and
     * initialises the classes of the telemetry calls (task scopes and their VarHandles, payloads,
     * builders) so that the application's first calls find them ready; measured by the
     * {@code FirstCalls} benchmark main.
     */
    private static void warmUpCallerPath() {
        TaskScope.currentOrNull();
        Payloads.plainTask("warm-up", Map.of("k", 1), null).toData();
        Payloads.usage(Usage.builder().model("warm-up").meta("k", 1).build(), null)
                .toData();
        Payloads.error(ErrorReport.builder("warm-up").meta(Map.of("k", 1)).build(), null)
                .toData();
    }

    private CompletableFuture<WebhookResponse> emit(String type, Payload payload, long timestampMillis) {
        if (dispatcher == null) {
            return CompletableFuture.completedFuture(WebhookResponse.disabled());
        }
        try {
            CompletableFuture<WebhookResponse> future = new CompletableFuture<>();
            dispatcher.submit(new Event(type, agentId, timestampMillis, payload, future));
            return future;
        } catch (Throwable t) {
            return failedCall(t);
        }
    }

    /**
     * As {@link #emit}, for the events nobody can wait for (a task scope's start and end): no
     * future is made for them; failures are counted all the same.
     */
    private void emitUnwatched(String type, Payload payload, long timestampMillis) {
        if (dispatcher == null) {
            return;
        }
        try {
            dispatcher.submit(new Event(type, agentId, timestampMillis, payload, null));
        } catch (Throwable t) {
            failedCall(t);
        }
    }

    private CompletableFuture<WebhookResponse> failedCall(Throwable t) {
        Fatal.rethrowIfFatal(t);
        if (dispatcher != null) {
            dispatcher.rejected(t); // counted and rate-limited: lose nothing silently, flood no log
        } else {
            log.debug("Oceum (disabled) could not record an event", t);
        }
        return CompletableFuture.failedFuture(
                new OceumException("Oceum could not record the event: " + t, 0, "", DropReason.REJECTED, t));
    }
}
