package ai.oceum;

import ai.oceum.internal.event.TaskRef;
import ai.oceum.internal.json.SafeJson;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A task in progress: opened by {@link Oceum#startTask(String)}, {@link Oceum#wrap}, an
 * {@code @AgentTask} method or a LangChain4j invocation, and closed once.
 *
 * <pre>{@code
 * try (TaskScope task = oceum.startTask("classify-ticket")) {
 *     ...                                  // usage and errors reported here carry the task
 * }                                        // → task_complete with duration and usage totals
 * }</pre>
 *
 * <p>Opening sends {@code task_start}. While the scope is <em>current</em> on a thread (the
 * opening thread, or any thread inside {@link #makeCurrent()} or a {@link TaskContext} wrapper),
 * {@link Oceum#reportUsage}, {@link Oceum#error} and child tasks started there are tied to it.
 * Closing sends {@code task_complete} with the duration, the usage summed over the task and its
 * children, and the attributes; a scope marked {@link #fail(Throwable) failed} sends an
 * {@code error} event with {@code taskStatus: "failed"} instead.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and may run on any thread; a thread on which the
 * scope was current stops seeing it as current once it is closed.
 */
public final class TaskScope implements AutoCloseable {
    private static final ThreadLocal<TaskScope> CURRENT = new ThreadLocal<>();

    private final Oceum client;
    private final String id;
    private final String name;
    private final TaskScope parent;
    private final long startNanos;
    private final Map<String, Object> meta;
    /** The task fields its events carry, made once. */
    private final TaskRef ref;

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final LongAdder tokensInput = new LongAdder();
    private final LongAdder tokensOutput = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** What was current on the opening thread before this scope, restored when it closes there. */
    private volatile TaskScope previous;

    private volatile Thread openingThread;
    private volatile long durationNanos = -1;

    TaskScope(Oceum client, String id, String name, TaskScope parent, Map<String, ?> meta) {
        this.client = client;
        this.id = id;
        this.name = name;
        this.parent = parent;
        Map<String, Object> copy = SafeJson.copyMeta(meta);
        this.meta = copy == null || copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
        this.ref = new TaskRef(name, id, parent == null ? null : parent.id);
        this.startNanos = System.nanoTime();
    }

    /** The task open on the calling thread, if any (closed scopes are skipped). */
    public static Optional<TaskScope> current() {
        return Optional.ofNullable(currentOrNull());
    }

    static TaskScope currentOrNull() {
        TaskScope scope = CURRENT.get();
        if (scope == null || !scope.closed.get()) {
            return scope;
        }
        // The scope was closed elsewhere (another thread, or out of order): fall back to what was
        // current before it, so that a stale scope never captures unrelated work.
        while (scope != null && scope.closed.get()) {
            scope = scope.previous;
        }
        set(scope);
        return scope;
    }

    private static void set(TaskScope scope) {
        if (scope == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(scope);
        }
    }

    /** Makes this scope current on the calling thread (used by {@link Oceum#startTask}). */
    void attach() {
        previous = currentOrNull();
        openingThread = Thread.currentThread();
        CURRENT.set(this);
    }

    /** The task id, sent as {@code taskId}. */
    public String id() {
        return id;
    }

    /** The task name, sent as {@code taskName}. */
    public String name() {
        return name;
    }

    /** The enclosing task, if this one is nested. */
    public Optional<TaskScope> parent() {
        return Optional.ofNullable(parent);
    }

    /** The enclosing task's id, or null. */
    public String parentId() {
        return parent == null ? null : parent.id;
    }

    /** The client this task reports through. */
    public Oceum client() {
        return client;
    }

    /** The metadata given when the task was opened. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Time since the task was opened, or its final duration once closed. */
    public Duration elapsed() {
        long d = durationNanos;
        return Duration.ofNanos(d >= 0 ? d : System.nanoTime() - startNanos);
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the task was marked failed. */
    public boolean isFailed() {
        return failure.get() != null;
    }

    /** Input tokens reported in this task and its children so far. */
    public long tokensInput() {
        return tokensInput.sum();
    }

    /** Output tokens reported in this task and its children so far. */
    public long tokensOutput() {
        return tokensOutput.sum();
    }

    /** Usage reports (model calls) in this task and its children so far. */
    public long usageCalls() {
        return calls.sum();
    }

    /**
     * Sets an attribute sent in the completion's {@code meta} (adapters use it for summaries,
     * such as tool calls). A null value removes the key.
     */
    public TaskScope setAttribute(String key, Object value) {
        if (key != null) {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
        }
        return this;
    }

    /** The attributes set so far (a copy). */
    public Map<String, Object> attributes() {
        return new LinkedHashMap<>(attributes);
    }

    /** Reports usage tied to this task, from any thread (for example a streaming callback). */
    public CompletableFuture<WebhookResponse> reportUsage(Usage usage) {
        return client.reportUsage(usage, this);
    }

    /** Reports an error tied to this task, from any thread, without failing the task. */
    public CompletableFuture<WebhookResponse> error(Throwable throwable, Map<String, ?> meta) {
        return client.error(ErrorReport.builder(null)
                .throwable(throwable)
                .meta(meta)
                .task(this)
                .build());
    }

    /**
     * Marks the task failed: {@link #close()} then reports this throwable as an {@code error}
     * with {@code taskStatus: "failed"} instead of {@code task_complete}. The first call wins.
     */
    public TaskScope fail(Throwable throwable) {
        failure.compareAndSet(null, throwable == null ? new IllegalStateException("task failed") : throwable);
        return this;
    }

    /**
     * Makes this task current on the calling thread until the returned handle is closed; use it
     * to carry the task into work on another thread.
     *
     * <pre>{@code
     * try (TaskScope.Activation ignored = task.makeCurrent()) { ... }
     * }</pre>
     */
    public Activation makeCurrent() {
        TaskScope before = CURRENT.get();
        CURRENT.set(this);
        return new Activation(before);
    }

    /** Adds usage to this task and every enclosing task. */
    void addUsage(long in, long out) {
        for (TaskScope s = this; s != null; s = s.parent) {
            s.tokensInput.add(in);
            s.tokensOutput.add(out);
            s.calls.increment();
        }
    }

    Throwable failure() {
        return failure.get();
    }

    /** The task fields of this task's events. */
    TaskRef ref() {
        return ref;
    }

    /**
     * Ends the task: sends {@code task_complete} (or the failure), and restores the task that was
     * current before it on the opening thread. Runs once; later calls do nothing. Never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        durationNanos = System.nanoTime() - startNanos;
        if (openingThread == Thread.currentThread() && CURRENT.get() == this) {
            set(previous);
        }
        client.endTask(this);
    }

    @Override
    public String toString() {
        return "TaskScope{name=" + name + ", id=" + id + (parent == null ? "" : ", parent=" + parent.id)
                + (closed.get() ? ", closed" : "") + '}';
    }

    /** Keeps a task current on a thread; {@link #close()} restores what was current before. */
    public static final class Activation implements AutoCloseable {
        private final TaskScope before;
        private final Thread thread = Thread.currentThread();
        private boolean closed;

        private Activation(TaskScope before) {
            this.before = before;
        }

        /** Restores the task that was current before (only on the thread that made it current). */
        @Override
        public void close() {
            if (!closed && thread == Thread.currentThread()) {
                closed = true;
                set(before);
            }
        }
    }
}
