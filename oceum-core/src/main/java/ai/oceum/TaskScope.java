package ai.oceum;

import ai.oceum.internal.event.TaskRef;
import ai.oceum.internal.json.MetaCopy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
    private final String name;
    private final TaskScope parent;
    private final long startNanos;
    private final Map<String, Object> meta;
    /** The task fields its events carry, made once. */
    private final TaskRef ref;

    // The mutable state is plain volatile fields changed through VarHandles, and the attribute map
    // is made on first use: a scope is opened and closed on the caller's thread for every task
    // (an @AgentTask call), so its construction is kept to one object. Usage is added once per
    // model call, rarely from several threads at once: an atomic add is enough, no LongAdder.
    private static final VarHandle ATTRIBUTES;
    private static final VarHandle TOKENS_INPUT;
    private static final VarHandle TOKENS_OUTPUT;
    private static final VarHandle CALLS;
    private static final VarHandle FAILURE;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ATTRIBUTES = l.findVarHandle(TaskScope.class, "attributes", ConcurrentHashMap.class);
            TOKENS_INPUT = l.findVarHandle(TaskScope.class, "tokensInput", long.class);
            TOKENS_OUTPUT = l.findVarHandle(TaskScope.class, "tokensOutput", long.class);
            CALLS = l.findVarHandle(TaskScope.class, "calls", long.class);
            FAILURE = l.findVarHandle(TaskScope.class, "failure", Throwable.class);
            CLOSED = l.findVarHandle(TaskScope.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile ConcurrentHashMap<String, Object> attributes;
    private volatile long tokensInput;
    private volatile long tokensOutput;
    private volatile long calls;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** What was current on the opening thread before this scope, restored when it closes there. */
    private volatile TaskScope previous;

    private volatile Thread openingThread;
    private volatile long durationNanos = -1;

    TaskScope(Oceum client, String name, TaskScope parent, Map<String, ?> meta) {
        this.client = client;
        this.name = name;
        this.parent = parent;
        Map<String, Object> copy = MetaCopy.of(meta);
        this.meta = copy == null || copy.isEmpty() ? Map.of() : copy; // unmodifiable already
        this.ref = new TaskRef(name, parent == null ? null : parent.ref); // the id is made on first use
        this.startNanos = System.nanoTime();
    }

    /** The task open on the calling thread, if any (closed scopes are skipped). */
    public static Optional<TaskScope> current() {
        return Optional.ofNullable(currentOrNull());
    }

    static TaskScope currentOrNull() {
        TaskScope scope = CURRENT.get();
        if (scope == null || !scope.closed) {
            return scope;
        }
        // The scope was closed elsewhere (another thread, or out of order): fall back to what was
        // current before it, so that a stale scope never captures unrelated work.
        while (scope != null && scope.closed) {
            scope = scope.previous;
        }
        set(scope);
        return scope;
    }

    /**
     * Sets the thread's current task, null included. Null is stored, not {@code remove()}d: a
     * removed entry makes the next {@code get()} create it again, so every task opened and closed
     * on a thread paid for a new map entry and the map's clean-up scan (a fifth of an
     * {@code @AgentTask} call's time in the profile). The entry holds nothing when null, and its
     * key is a plain {@code java.lang.ThreadLocal}: no class loader is kept alive by it.
     */
    private static void set(TaskScope scope) {
        CURRENT.set(scope);
    }

    /** Makes this scope current on the calling thread (used by {@link Oceum#startTask}). */
    void attach() {
        previous = currentOrNull();
        openingThread = Thread.currentThread();
        CURRENT.set(this);
    }

    /**
     * The task id, sent as {@code taskId}: a random UUID, made on first use (usually by the sender
     * thread, see {@code TaskRef}), the same on every call and thread.
     */
    public String id() {
        return ref.id();
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
        return parent == null ? null : parent.id();
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
        return closed;
    }

    /** Whether the task was marked failed. */
    public boolean isFailed() {
        return failure != null;
    }

    /** Input tokens reported in this task and its children so far. */
    public long tokensInput() {
        return tokensInput;
    }

    /** Output tokens reported in this task and its children so far. */
    public long tokensOutput() {
        return tokensOutput;
    }

    /** Usage reports (model calls) in this task and its children so far. */
    public long usageCalls() {
        return calls;
    }

    /**
     * Sets an attribute sent in the completion's {@code meta} (adapters use it for summaries,
     * such as tool calls). A null value removes the key. Ignored once the task is closed: its
     * completion was made at the close.
     */
    public TaskScope setAttribute(String key, Object value) {
        if (key != null && !closed) { // the end event is made at close: later attributes go nowhere
            if (value == null) {
                ConcurrentHashMap<String, Object> m = attributes;
                if (m != null) {
                    m.remove(key);
                }
            } else {
                attributeMap().put(key, value);
            }
        }
        return this;
    }

    /** The attributes set so far (a copy). */
    public Map<String, Object> attributes() {
        ConcurrentHashMap<String, Object> m = attributes;
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    private ConcurrentHashMap<String, Object> attributeMap() {
        ConcurrentHashMap<String, Object> m = attributes;
        if (m == null) {
            m = new ConcurrentHashMap<>();
            if (!ATTRIBUTES.compareAndSet(this, null, m)) {
                m = attributes;
            }
        }
        return m;
    }

    /** Whether any attribute was ever set (for the end event; no copy made to find out). */
    boolean hasAttributes() {
        ConcurrentHashMap<String, Object> m = attributes;
        return m != null && !m.isEmpty();
    }

    /** The attributes themselves, for the end event: called once the scope is closed (no more changes). */
    Map<String, Object> closedAttributes() {
        ConcurrentHashMap<String, Object> m = attributes;
        return m == null ? Map.of() : m;
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
        FAILURE.compareAndSet(this, null, throwable == null ? new IllegalStateException("task failed") : throwable);
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
            TOKENS_INPUT.getAndAdd(s, in);
            TOKENS_OUTPUT.getAndAdd(s, out);
            CALLS.getAndAdd(s, 1L);
        }
    }

    Throwable failure() {
        return failure;
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
        if (!CLOSED.compareAndSet(this, false, true)) {
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
        return "TaskScope{name=" + name + ", id=" + id() + (parent == null ? "" : ", parent=" + parent.id())
                + (closed ? ", closed" : "") + '}';
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
