package ai.oceum;

import ai.oceum.internal.config.ConfigSource;
import ai.oceum.internal.config.Settings;
import ai.oceum.internal.delivery.Dispatcher;
import ai.oceum.internal.delivery.Event;
import ai.oceum.internal.delivery.EventQueue;
import ai.oceum.internal.delivery.HttpTransport;
import ai.oceum.internal.delivery.MemoryQueue;
import ai.oceum.internal.delivery.Requests;
import ai.oceum.internal.delivery.RetryPolicy;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.spool.Spool;
import ai.oceum.internal.spool.SpoolQueue;
import ai.oceum.internal.util.CloseOnce;
import ai.oceum.internal.util.Fatal;
import ai.oceum.internal.util.Ids;
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
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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

    private final Settings settings;
    private final String agentId;
    private final Dispatcher dispatcher;
    private final Requests requests;
    private final CloseOnce closed = new CloseOnce();
    private final Object heartbeatLock = new Object();
    private final Thread shutdownHook;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> heartbeat;

    Oceum(Settings settings) {
        this.settings = settings;
        this.agentId = settings.agentId();
        HttpTransport transport = new HttpTransport(settings);
        RetryPolicy retry = new RetryPolicy(settings.maxRetries(), settings.retryInitialDelay(), settings.retryMaxDelay());
        this.dispatcher = new Dispatcher(settings, openQueue(settings), transport, retry);
        this.requests = new Requests(transport, retry, agentId);
        this.dispatcher.start();
        this.shutdownHook = settings.shutdownHook() ? installShutdownHook() : null;
    }

    /** The disabled client. */
    private Oceum(String agentId) {
        this.settings = null;
        this.agentId = agentId;
        this.dispatcher = null;
        this.requests = null;
        this.shutdownHook = null;
    }

    private static EventQueue openQueue(Settings s) {
        if (s.spoolDir() == null) {
            return new MemoryQueue(s.queueCapacity());
        }
        try {
            return new SpoolQueue(Spool.open(s.spoolDir(), s.spoolMaxBytes()), s.queueCapacity());
        } catch (IOException | RuntimeException e) {
            // An unusable spool must not stop the agent: deliver from memory and say so.
            log.warn("Oceum spool directory {} cannot be used ({}); events are kept in memory only", s.spoolDir(), e.toString());
            return new MemoryQueue(s.queueCapacity());
        }
    }

    private Thread installShutdownHook() {
        Thread hook = ReporterThreads.factory("shutdown", agentId).newThread(this::closeFromHook);
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

    /** The task open on the calling thread, if any. */
    public static Optional<TaskScope> currentTask() {
        return TaskScope.current();
    }

    /** Whether the calling thread is one of the SDK's own (log appenders use it to avoid recursion). */
    public static boolean isReporterThread() {
        return ReporterThreads.isReporterThread();
    }

    // ------------------------------------------------------------------ telemetry

    /** Reports that the agent is alive. */
    public CompletableFuture<WebhookResponse> heartbeat() {
        return emit("heartbeat", new LinkedHashMap<>(2), System.currentTimeMillis());
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
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("taskName", nameOrDefault(taskName));
        putMeta(data, meta);
        putEnclosingTask(data, TaskScope.currentOrNull());
        return emit("task_start", data, System.currentTimeMillis());
    }

    /** Reports that a task completed. */
    public CompletableFuture<WebhookResponse> taskComplete(String taskName) {
        return taskComplete(taskName, null);
    }

    /** Reports that a task completed, with metadata (for example a confidence score). */
    public CompletableFuture<WebhookResponse> taskComplete(String taskName, Map<String, ?> meta) {
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("taskName", nameOrDefault(taskName));
        putMeta(data, meta);
        putEnclosingTask(data, TaskScope.currentOrNull());
        return emit("task_complete", data, System.currentTimeMillis());
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
            if (report == null) {
                report = ErrorReport.builder("null error report").build();
            }
            TaskScope task = report.task() != null ? report.task()
                    : report.taskFromContext() ? TaskScope.currentOrNull() : null;
            long ts = report.timestamp() != null ? report.timestamp().toEpochMilli() : System.currentTimeMillis();
            return emit("error", errorData(report.message(), report.throwable(), report.meta(), task), ts);
        } catch (Throwable t) {
            return failedCall(t);
        }
    }

    private static Map<String, Object> errorData(String message, Throwable throwable, Map<String, ?> meta, TaskScope task) {
        Map<String, Object> data = new LinkedHashMap<>(8);
        String m = message;
        if (m == null && throwable != null) {
            m = messageOf(throwable);
        }
        data.put("message", m == null ? "error" : m);
        if (throwable != null) {
            // Rendered on the sender thread: printing a stack trace is too slow for the caller.
            data.put(SafeJson.THROWABLE_KEY, throwable);
        }
        putMeta(data, meta);
        putTask(data, task);
        return data;
    }

    /** The throwable's message, else its class name; its class name too when getMessage() throws. */
    private static String messageOf(Throwable throwable) {
        try {
            String m = throwable.getMessage();
            return m != null ? m : throwable.getClass().getName();
        } catch (RuntimeException brokenGetMessage) {
            // Runs on the caller's thread: an application exception's own bug must not lose the event.
            return throwable.getClass().getName();
        }
    }

    /** Reports the agent's status, for example {@code idle}, {@code busy}, {@code offline}. */
    public CompletableFuture<WebhookResponse> setStatus(String status) {
        Map<String, Object> data = new LinkedHashMap<>(2);
        data.put("status", status == null ? "unknown" : status);
        return emit("status", data, System.currentTimeMillis());
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
            Map<String, Object> data = new LinkedHashMap<>(12);
            data.put("model", u.model());
            data.put("tokensInput", u.tokensInput());
            data.put("tokensOutput", u.tokensOutput());
            putMeta(data, u.meta());
            if (u.provider() != null) {
                data.put("provider", u.provider());
            }
            if (u.finishReason() != null) {
                data.put("finishReason", u.finishReason());
            }
            if (u.duration() != null) {
                data.put("durationMs", u.duration().toMillis());
            }
            data.put("usageReported", u.reported());
            if (task != null) {
                task.addUsage(u.tokensInput(), u.tokensOutput());
                putTask(data, task);
            }
            return emit("usage", data, System.currentTimeMillis());
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
            Map<String, Object> data = new LinkedHashMap<>(4);
            data.put("content", content == null ? "" : content);
            MemoryWrite o = options == null ? MemoryWrite.none() : options;
            if (!o.tags().isEmpty()) {
                data.put("tags", o.tags());
            }
            putMeta(data, o.meta());
            putTask(data, TaskScope.currentOrNull());
            return emit("memory", data, System.currentTimeMillis());
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
        if (dispatcher == null || closed.isClosed()) {
            return;
        }
        long millis = Math.max(1000, interval == null ? 60_000 : interval.toMillis());
        synchronized (heartbeatLock) {
            stopHeartbeatLocked();
            if (scheduler == null) {
                ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, ReporterThreads.factory("heartbeat", agentId));
                s.setRemoveOnCancelPolicy(true);
                scheduler = s;
            }
            scheduleBeat(0, millis);
        }
    }

    private void scheduleBeat(long delayMillis, long intervalMillis) {
        heartbeat = scheduler.schedule(() -> {
            heartbeat();
            synchronized (heartbeatLock) {
                if (heartbeat != null && !closed.isClosed()) {
                    scheduleBeat(jitteredBeat(intervalMillis, ThreadLocalRandom.current().nextDouble()), intervalMillis);
                }
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The delay before the next beat: {@code interval} ±10 %, for a uniform {@code random} in [0, 1). */
    static long jitteredBeat(long intervalMillis, double random) {
        return (long) (intervalMillis * (0.9 + 0.2 * random));
    }

    /** Stops the automatic heartbeat. */
    public void stopHeartbeat() {
        synchronized (heartbeatLock) {
            stopHeartbeatLocked();
        }
    }

    private void stopHeartbeatLocked() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
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
        TaskScope scope = new TaskScope(this, Ids.newId(), nameOrDefault(name), parent, meta);
        try {
            Map<String, Object> data = new LinkedHashMap<>(6);
            putTask(data, scope);
            putMeta(data, scope.meta());
            emit("task_start", data, System.currentTimeMillis());
        } catch (Throwable t) {
            Fatal.rethrowIfFatal(t);
        }
        return scope;
    }

    /** Called once by {@link TaskScope#close()}. */
    void endTask(TaskScope scope) {
        try {
            Map<String, Object> meta = scope.meta();
            Map<String, Object> attributes = scope.attributes();
            if (!attributes.isEmpty()) {
                Map<String, Object> merged = new LinkedHashMap<>(meta);
                merged.putAll(attributes);
                meta = merged;
            }
            long durationMs = scope.elapsed().toMillis();
            Throwable failure = scope.failure();
            Map<String, Object> data;
            String type;
            if (failure == null) {
                data = new LinkedHashMap<>(8);
                putTask(data, scope);
                type = "task_complete";
            } else {
                data = errorData(null, failure, null, scope);
                data.put("taskStatus", "failed");
                type = "error";
            }
            data.put("durationMs", durationMs);
            if (scope.usageCalls() > 0) {
                Map<String, Object> totals = new LinkedHashMap<>(4);
                totals.put("tokensInput", scope.tokensInput());
                totals.put("tokensOutput", scope.tokensOutput());
                totals.put("calls", scope.usageCalls());
                data.put("usageTotals", totals);
            }
            putMeta(data, meta);
            emit(type, data, System.currentTimeMillis());
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
     */
    public <T> T instrument(Class<T> iface, T target) {
        return ai.oceum.annotation.AgentTaskProxy.create(this, iface, target);
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
        MemoryQuery q = query == null ? MemoryQuery.all() : query;
        StringBuilder path = new StringBuilder("/api/memory?");
        if (q.tag() != null) {
            path.append("tag=").append(urlEncode(q.tag())).append('&');
        }
        path.append("limit=").append(q.limit());
        Map<String, Object> body = requests().get(path.toString(), "memory read");
        List<MemoryEntry> entries = new ArrayList<>();
        for (Map<String, Object> e : entryList(body, "entries", "memories")) {
            entries.add(new MemoryEntry(str(e.get("id")), str(e.get("content")), stringList(e.get("tags")),
                    str(e.getOrDefault("agentId", e.get("agent_id"))), str(e.getOrDefault("createdAt", e.get("created_at"))),
                    e));
        }
        return entries;
    }

    /**
     * Stores sensitive data in the vault; returns the token that stands for it.
     *
     * @throws OceumException when Oceum cannot be reached or refuses (the message never holds the data)
     */
    public VaultToken vaultStore(String data, VaultStoreOptions options) {
        if (data == null) {
            throw new IllegalArgumentException("vault data must not be null");
        }
        VaultStoreOptions o = options == null ? VaultStoreOptions.defaults() : options;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("category", o.category());
        body.put("accessPolicy", o.accessPolicy());
        if (!o.allowedAgents().isEmpty()) {
            body.put("allowedAgents", String.join(",", o.allowedAgents()));
        }
        body.put("ttl", o.ttl().wireValue());
        if (o.label() != null) {
            body.put("label", o.label());
        }
        if (!o.targetDomains().isEmpty()) {
            body.put("targetDomains", String.join(",", o.targetDomains()));
        }
        if (o.injectionTemplate() != null) {
            body.put("injectionTemplate", o.injectionTemplate());
        }
        Map<String, Object> answer = requests().post("vault_store", body, "vault store");
        String token = str(answer.get("token"));
        if (token == null) {
            throw new OceumException("Oceum vault store answered without a token", 200, "", null, null);
        }
        return new VaultToken(token, answer);
    }

    /** Reads a secret back with its token (only where the token's access policy allows this agent). */
    public VaultSecret vaultRetrieve(String token) {
        Map<String, Object> answer = requests().post("vault_retrieve", Map.of("token", requireToken(token)), "vault retrieve");
        Object data = answer.get("data");
        return new VaultSecret(token, data == null ? null : data instanceof String s ? s : new String(SafeJson.value(data),
                StandardCharsets.UTF_8));
    }

    /** Makes an HTTP call with the secret injected by Oceum: the agent never sees the secret. */
    public VaultProxyResponse vaultProxy(String token, VaultProxyRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("vault proxy request must not be null");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", requireToken(token));
        body.put("method", request.method());
        body.put("url", request.url());
        if (!request.headers().isEmpty()) {
            body.put("headers", request.headers());
        }
        if (request.body() != null) {
            body.put("body", request.body());
        }
        Map<String, Object> answer = requests().post("vault_proxy", body, "vault proxy");
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        Object status = answer.get("status");
        return new VaultProxyResponse(Boolean.TRUE.equals(answer.get("ok")),
                status instanceof Number n ? n.intValue() : 0, headers, answer.get("data"));
    }

    /** Revokes a token permanently; returns whether Oceum says it is revoked. */
    public boolean vaultRevoke(String token) {
        Map<String, Object> answer = requests().post("vault_revoke", Map.of("token", requireToken(token)), "vault revoke");
        Object revoked = answer.get("revoked");
        return revoked instanceof Boolean b ? b : Boolean.TRUE.equals(answer.get("ok"));
    }

    /** Lists vault entries: metadata only, never the secrets. */
    public List<VaultEntry> vaultList(VaultListOptions options) {
        VaultListOptions o = options == null ? VaultListOptions.all() : options;
        StringBuilder path = new StringBuilder("/api/vault?");
        if (o.category() != null) {
            path.append("category=").append(urlEncode(o.category())).append('&');
        }
        if (o.status() != null) {
            path.append("status=").append(urlEncode(o.status())).append('&');
        }
        path.append("limit=").append(o.limit());
        Map<String, Object> body = requests().get(path.toString(), "vault list");
        List<VaultEntry> entries = new ArrayList<>();
        for (Map<String, Object> e : entryList(body, "entries", "tokens")) {
            entries.add(new VaultEntry(str(e.get("token")), str(e.get("category")), str(e.get("label")),
                    str(e.get("status")), str(e.getOrDefault("createdAt", e.get("created_at"))),
                    str(e.getOrDefault("expiresAt", e.get("expires_at"))), e));
        }
        return entries;
    }

    /** Lists every vault entry's metadata (first 50). */
    public List<VaultEntry> vaultList() {
        return vaultList(VaultListOptions.all());
    }

    private Requests requests() {
        if (requests == null) {
            throw new OceumException("Oceum is disabled (no API key): set OCEUM_API_KEY to use memory and the vault");
        }
        if (closed.isClosed()) {
            throw new OceumException("Oceum client for agent '" + agentId + "' is closed");
        }
        return requests;
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
        synchronized (heartbeatLock) {
            stopHeartbeatLocked();
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
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

    private void closeFromHook() {
        close();
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

    private CompletableFuture<WebhookResponse> emit(String type, Map<String, Object> data, long timestampMillis) {
        if (dispatcher == null) {
            return CompletableFuture.completedFuture(WebhookResponse.disabled());
        }
        try {
            CompletableFuture<WebhookResponse> future = new CompletableFuture<>();
            dispatcher.submit(new Event(type, agentId, Ids.newId(), timestampMillis, data, future));
            return future;
        } catch (Throwable t) {
            return failedCall(t);
        }
    }

    private CompletableFuture<WebhookResponse> failedCall(Throwable t) {
        Fatal.rethrowIfFatal(t);
        if (dispatcher != null) {
            dispatcher.rejected(t); // counted and rate-limited: lose nothing silently, flood no log
        } else {
            log.debug("Oceum (disabled) could not record an event", t);
        }
        return CompletableFuture.failedFuture(new OceumException("Oceum could not record the event: " + t, 0, "",
                DropReason.REJECTED, t));
    }

    private static void putTask(Map<String, Object> data, TaskScope task) {
        if (task != null) {
            data.put("taskName", task.name());
            data.put("taskId", task.id());
            if (task.parentId() != null) {
                data.put("parentTaskId", task.parentId());
            }
        }
    }

    /**
     * A plain {@code task_start}/{@code task_complete} made inside an open task names its own task:
     * the open one is sent as its parent, never as its {@code taskName}/{@code taskId} (that would
     * report a completion of the enclosing task under the wrong name).
     */
    private static void putEnclosingTask(Map<String, Object> data, TaskScope enclosing) {
        if (enclosing != null) {
            data.put("parentTaskId", enclosing.id());
        }
    }

    private static void putMeta(Map<String, Object> data, Map<String, ?> meta) {
        // A shallow copy: the caller may change its map after the call returns.
        Map<String, Object> copy = SafeJson.copyMeta(meta);
        if (copy != null && !copy.isEmpty()) {
            data.put("meta", copy);
        }
    }

    private static String nameOrDefault(String name) {
        return name == null || name.isBlank() ? "unnamed-task" : name;
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("vault token must not be blank");
        }
        return token;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static List<String> stringList(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (o instanceof String s && !s.isBlank()) {
            return List.of(s.split("\\s*,\\s*"));
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entryList(Map<String, Object> body, String... keys) {
        Object list = null;
        for (String k : keys) {
            list = body.get(k);
            if (list != null) {
                break;
            }
        }
        if (list == null) {
            list = body.get("value"); // a bare array answer
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object e : l) {
                if (e instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }
}
