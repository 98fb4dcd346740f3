package ai.oceum.langchain4j;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.integration.IdleExpiry;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns the AI-service events of many concurrent invocations into one task each.
 *
 * <p>State lives in a map keyed by invocation id, bounded by
 * {@link OceumLangChain4jOptions#maxOpenInvocations()}. An invocation that shows no event for
 * {@link OceumLangChain4jOptions#stateExpiry()} — LangChain4j never reports the end of one
 * ended by a {@link Error}, nor of a stream nobody finishes — is closed as failed with an
 * {@link AbandonedInvocationException}. Expired entries are collected when an invocation starts
 * (at most every quarter of the expiry), so no thread of our own is needed.
 */
final class InvocationTracker {
    private final Supplier<Oceum> client;
    private final OceumLangChain4jOptions options;
    private final IdleExpiry expiry;
    private final ConcurrentHashMap<UUID, Invocation> open = new ConcurrentHashMap<>();

    InvocationTracker(Supplier<Oceum> client, OceumLangChain4jOptions options) {
        this.client = client;
        this.options = options;
        this.expiry = new IdleExpiry(options.stateExpiry(), options.nanoTime());
    }

    void started(AiServiceStartedEvent event) {
        long now = options.nanoTime();
        if (expiry.sweepDue(now)) {
            expireIdle();
        }
        InvocationContext ic = event.invocationContext();
        AiServiceMethods.Info method = AiServiceMethods.lookup(ic);
        TaskScope parent = TaskScope.current().orElse(null);
        Oceum oceum = client.get();
        TaskScope task = oceum.startDetachedTask(method.taskName(), startMeta(event, method), parent);
        Invocation invocation = new Invocation(ic.invocationId(), task, options, now);
        makeRoom();
        if (open.putIfAbsent(invocation.id, invocation) != null) {
            return; // the same invocation reported twice: keep the first
        }
        if (!method.streaming()) {
            invocation.activate();
        }
    }

    private Map<String, Object> startMeta(AiServiceStartedEvent event, AiServiceMethods.Info method) {
        InvocationContext ic = event.invocationContext();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", ModelCalls.SOURCE);
        meta.put("interface", ic.interfaceName());
        meta.put("method", ic.methodName());
        meta.put("invocationId", String.valueOf(ic.invocationId()));
        int max = options.maxContentLength();
        if ((options.includeContent() || method.recordArguments()) && ic.methodArguments() != null) {
            meta.put("arguments", Content.describeAll(ic.methodArguments(), max));
        }
        if (options.includeContent()) {
            event.systemMessage().ifPresent(m -> meta.put("systemMessage", Content.text(m, max)));
            meta.put("userMessage", Content.text(event.userMessage(), max));
        }
        return meta;
    }

    void requestIssued(AiServiceRequestIssuedEvent event) {
        Invocation invocation = touch(event.invocationContext());
        if (invocation != null) {
            invocation.modelCallStarts();
            ModelCallHandoff.offer(invocation.task, event.request());
        }
    }

    void responseReceived(AiServiceResponseReceivedEvent event) {
        ModelCallHandoff.clear();
        Invocation invocation = touch(event.invocationContext());
        if (invocation != null) {
            invocation.modelAnswered(event.response());
            invocation.modelCallEnded();
        }
    }

    void toolExecuted(ToolExecutedEvent event) {
        Invocation invocation = touch(event.invocationContext());
        if (invocation != null) {
            invocation.tools.reported(event.request(), event.resultText());
        }
    }

    void beforeTool(BeforeToolExecution before) {
        long now = options.nanoTime();
        Invocation invocation = touch(before.invocationContext(), now);
        if (invocation != null) {
            invocation.enterTool(before.request(), now);
        }
    }

    void toolExecution(ToolExecution execution) {
        long now = options.nanoTime();
        Invocation invocation = touch(execution.invocationContext(), now);
        if (invocation == null) {
            return;
        }
        Invocation.ToolRun run = invocation.exitTool(execution.request());
        Long durationMs = durationMs(run, now, execution);
        boolean failed = execution.hasFailed();
        invocation.tools.executed(execution.request(), durationMs, failed, execution.result());
        if (failed && options.reportToolErrors()) {
            String name = execution.request() == null
                    ? "unknown"
                    : execution.request().name();
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("source", ModelCalls.SOURCE + ".tool");
            meta.put("tool", name);
            if (execution.request() != null && execution.request().id() != null) {
                meta.put("toolCallId", execution.request().id());
            }
            if (durationMs != null) {
                meta.put("durationMs", durationMs);
            }
            // The text LangChain4j gives the model for a failed tool is the exception's message
            // (or what the user's error handler made of it): an error description, not content.
            String reason = Content.truncate(execution.result(), options.maxContentLength());
            invocation
                    .task
                    .client()
                    .error(ErrorReport.builder("Tool '" + name + "' failed: " + reason)
                            .meta(meta)
                            .task(invocation.task)
                            .taskFromContext(false)
                            .build());
        }
    }

    /**
     * The tool call's duration in ms: timed by our own hooks (cheap), else — our before-tool hook
     * replaced by someone else's — from LangChain4j's {@code LocalDateTime}s; null when neither.
     */
    private static Long durationMs(Invocation.ToolRun run, long nowNanos, ToolExecution execution) {
        if (run != null) {
            return Math.max(0, nowNanos - run.startNanos()) / 1_000_000;
        }
        Duration d = execution.duration();
        return d == null ? null : d.toMillis();
    }

    void completed(AiServiceCompletedEvent event) {
        ModelCallHandoff.clear();
        Invocation invocation = remove(event.invocationContext());
        if (invocation == null) {
            Diagnostics.warn(
                    "untracked",
                    "An AI-service invocation completed that Oceum was no longer tracking: it "
                            + "had expired (idle longer than stateExpiry " + options.stateExpiry()
                            + ") or been evicted "
                            + "(maxOpenInvocations " + options.maxOpenInvocations() + "), and was reported as failed.");
            return;
        }
        if (options.includeContent()) {
            event.result()
                    .ifPresent(r ->
                            invocation.task.setAttribute("result", Content.describe(r, options.maxContentLength())));
        }
        invocation.finish(null);
    }

    void failed(AiServiceErrorEvent event) {
        ModelCallHandoff.clear();
        Invocation invocation = remove(event.invocationContext());
        Throwable error = event.error();
        if (invocation != null) {
            invocation.finish(error);
            return;
        }
        // Failed before it started (a misconfigured method): still report it, where it was called.
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", ModelCalls.SOURCE);
        InvocationContext ic = event.invocationContext();
        if (ic != null) {
            meta.put("interface", ic.interfaceName());
            meta.put("method", ic.methodName());
        }
        client.get().error(ErrorReport.builder(null).throwable(error).meta(meta).build());
    }

    /** Invocations in progress (for diagnostics and tests). */
    int openInvocations() {
        return open.size();
    }

    /** Closes, as failed, every invocation idle for longer than the expiry; returns how many. */
    int expireIdle() {
        long now = options.nanoTime();
        expiry.swept(now);
        int expired = 0;
        for (Invocation invocation : open.values()) {
            if (expiry.isIdle(invocation.lastActivityNanos(), now) && open.remove(invocation.id, invocation)) {
                abandon(invocation, "showed no event for " + options.stateExpiry());
                expired++;
            }
        }
        return expired;
    }

    /** Keeps the map under its bound by closing the least recently active invocation. */
    private void makeRoom() {
        while (open.size() >= options.maxOpenInvocations()) {
            Invocation oldest = IdleExpiry.leastRecentlyActive(open.values(), Invocation::lastActivityNanos);
            if (oldest == null) {
                return;
            }
            if (open.remove(oldest.id, oldest)) {
                Diagnostics.warn(
                        "evicted",
                        "Oceum LangChain4j listeners track at most " + options.maxOpenInvocations()
                                + " invocations in progress; closed the least recently active one as failed. "
                                + "Raise maxOpenInvocations if this many run at once.");
                abandon(oldest, "was evicted: more than " + options.maxOpenInvocations() + " invocations in progress");
            }
        }
    }

    private void abandon(Invocation invocation, String why) {
        invocation.task.setAttribute("abandoned", true);
        invocation.finish(new AbandonedInvocationException("LangChain4j invocation " + invocation.task.name() + " ("
                + invocation.id + ") " + why + "; its end was never reported (an Error, or an abandoned stream)"));
    }

    private Invocation touch(InvocationContext ic) {
        return touch(ic, options.nanoTime());
    }

    private Invocation touch(InvocationContext ic, long nowNanos) {
        Invocation invocation = ic == null ? null : open.get(ic.invocationId());
        if (invocation != null) {
            invocation.touch(nowNanos);
        }
        return invocation;
    }

    private Invocation remove(InvocationContext ic) {
        return ic == null ? null : open.remove(ic.invocationId());
    }
}
