package ai.oceum.springai;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import ai.oceum.integration.IdleExpiry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * Turns each {@code spring.ai.chat.client} observation (one {@code ChatClient} call) into one
 * Oceum task, and keeps the calls in progress in a bounded set so that a call whose end never
 * comes (a stream nobody finishes) is closed as failed once idle for {@code stateExpiry}, or when
 * more than {@code maxOpenCalls} are in progress. Thread-safe.
 */
final class ClientCalls {
    /** The start meta of a call with nothing but these two, in this order (made once, never changed). */
    private static final Map<String, Object> CALL_META = constantMeta(false);

    private static final Map<String, Object> STREAM_META = constantMeta(true);

    private final Supplier<Oceum> client;
    private final OceumSpringAiOptions options;
    private final Diagnostics diagnostics;
    private final AgentTaskCallers callers;
    private final IdleExpiry expiry;
    private final Set<ClientCall> open = ConcurrentHashMap.newKeySet();

    ClientCalls(Supplier<Oceum> client, OceumSpringAiOptions options, Diagnostics diagnostics) {
        this.client = client;
        this.options = options;
        this.diagnostics = diagnostics;
        this.callers = new AgentTaskCallers(options, diagnostics);
        this.expiry = new IdleExpiry(options.stateExpiry(), options.nanoTime());
    }

    void started(ChatClientObservationContext context) {
        long now = options.nanoTime();
        if (expiry.sweepDue(now)) {
            expireIdle();
        }
        ClientCall outer = Observations.enclosingCall(context);
        TaskScope parent = outer != null && !outer.isFinished()
                ? outer.task
                : TaskScope.current().orElse(null);
        Oceum oceum = parent != null ? parent.client() : client.get();
        if (!oceum.isEnabled()) {
            return; // nothing would be sent: keep no state at all
        }
        boolean stream = context.isStream();
        AgentTaskNames.Found found = parent == null ? callers.find() : null;
        String name = found != null ? found.taskName() : options.defaultTaskName(stream);
        TaskScope task = oceum.startDetachedTask(name, startMeta(context, stream, found), parent);
        ClientCall call = new ClientCall(task, stream, options, now);
        makeRoom();
        open.add(call);
        context.put(ClientCall.class, call);
        if (!stream) {
            // A blocking call runs on this thread until its observation stops here: advisors and tools
            // report into it. A stream goes on elsewhere, so nothing of it may stay on this thread.
            call.activate();
        }
    }

    /**
     * The task's start meta: {@code source}, {@code stream}, then what only some calls have. The
     * call's name comes from the calling method's {@code @AgentTask} only for a call made outside
     * any task ({@code found}). Inside a task (an {@code @AgentTask} method made a task by
     * {@code Oceum.instrument}, the Java agent or Spring AOP; {@code wrap}; {@code startTask}; a
     * tool of another call) the call is one step of that task, named by default — and the stack
     * walk, a few microseconds, is not needed. The common case, nothing but the first two, is a
     * constant: no map is built per call.
     */
    private Map<String, Object> startMeta(
            ChatClientObservationContext context, boolean stream, AgentTaskNames.Found found) {
        ChatClientRequest request = options.includeContent() ? context.getRequest() : null;
        if (found == null && request == null) {
            return stream ? STREAM_META : CALL_META;
        }
        Map<String, Object> meta = new LinkedHashMap<>(8);
        meta.put("source", ModelCallReporter.SOURCE);
        meta.put("stream", stream);
        if (found != null) {
            meta.put("agentTaskMethod", found.method());
        }
        if (request != null) {
            int max = options.maxContentLength();
            String system = Content.text(Content.last(request.prompt(), MessageType.SYSTEM), max);
            if (system != null) {
                meta.put("systemMessage", system);
            }
            meta.put("userMessage", Content.text(Content.last(request.prompt(), MessageType.USER), max));
        }
        return meta;
    }

    private static Map<String, Object> constantMeta(boolean stream) {
        Map<String, Object> meta = new LinkedHashMap<>(4);
        meta.put("source", ModelCallReporter.SOURCE);
        meta.put("stream", stream);
        return Collections.unmodifiableMap(meta);
    }

    void stopped(ChatClientObservationContext context) {
        ClientCall call = context.get(ClientCall.class);
        if (call == null) {
            return; // started before this handler was registered, or with a disabled client
        }
        if (!open.contains(call) || call.isFinished()) {
            diagnostics.warn(
                    "untracked",
                    "A Spring AI ChatClient call ended that Oceum was no longer tracking: it "
                            + "had expired (idle longer than stateExpiry " + options.stateExpiry()
                            + ") or been evicted "
                            + "(maxOpenCalls " + options.maxOpenCalls() + "), and was reported as failed.");
            return;
        }
        call.touch(options.nanoTime());
        Throwable error = context.getError();
        ChatClientResponse response = context.getResponse();
        call.observationStopped(() -> end(call, error, response));
    }

    /** Ends a call whose observation stopped and whose model calls all stopped: completes its task. */
    private void end(ClientCall call, Throwable error, ChatClientResponse response) {
        try {
            if (!open.remove(call)) {
                return; // expired or evicted meanwhile: already reported
            }
            ChatResponse chatResponse = response == null ? null : response.chatResponse();
            if (error == null && response == null && call.stream) {
                call.task.setAttribute("cancelled", true); // Spring AI stops a stream's observation on cancel too
            }
            if (call.modelCalls() == 0 && error == null) {
                reportUnobservedModel(call, chatResponse);
            }
            if (options.includeContent() && chatResponse != null) {
                call.task.setAttribute(
                        "result", Content.text(Content.answer(chatResponse), options.maxContentLength()));
            }
        } finally {
            call.finish(error == null ? null : Failures.unwrap(error));
        }
    }

    /**
     * A call answered without any model observation: the chat model reports to another registry
     * (or none). Its total usage, as the {@code ChatClient} saw it, is still billed once.
     */
    private void reportUnobservedModel(ClientCall call, ChatResponse response) {
        org.springframework.ai.chat.metadata.Usage u = response == null || response.getMetadata() == null
                ? null
                : response.getMetadata().getUsage();
        if (u == null) {
            return;
        }
        Integer in = u.getPromptTokens();
        Integer out = u.getCompletionTokens();
        boolean reported = (in != null && in > 0) || (out != null && out > 0);
        if (!reported) {
            return;
        }
        diagnostics.warn(
                "unobserved-model",
                "A Spring AI ChatClient call got an answer without any model call "
                        + "observed on its ObservationRegistry: build the ChatModel with the same registry "
                        + "(.observationRegistry(registry)) to get one usage event per model call with its duration. Oceum "
                        + "reported the call's total usage as one usage event.");
        String model = response.getMetadata().getModel();
        Usage usage = Usage.builder()
                .model(model == null || model.isEmpty() ? "unknown" : model)
                .tokensInput(in == null ? 0 : in)
                .tokensOutput(out == null ? 0 : out)
                .meta("source", ModelCallReporter.SOURCE + ".chat-client")
                .build();
        call.task.client().reportUsage(usage, call.task);
        call.modelAnswered(usage.tokensInput(), usage.tokensOutput(), true);
    }

    /** Calls in progress (for diagnostics and tests). */
    int openCalls() {
        return open.size();
    }

    /** Closes, as failed, every call idle for longer than the expiry; returns how many. */
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: removing while iterating is safe
    int expireIdle() {
        long now = options.nanoTime();
        expiry.swept(now);
        int expired = 0;
        for (ClientCall call : open) {
            if (expiry.isIdle(call.lastActivityNanos(), now) && open.remove(call)) {
                abandon(
                        call,
                        call.observationHasStopped()
                                ? "ended, but a model call in it showed no end for " + options.stateExpiry()
                                : "showed no event for " + options.stateExpiry());
                expired++;
            }
        }
        return expired;
    }

    /** Keeps the set under its bound by closing the least recently active call. */
    private void makeRoom() {
        while (open.size() >= options.maxOpenCalls()) {
            ClientCall oldest = IdleExpiry.leastRecentlyActive(open, ClientCall::lastActivityNanos);
            if (oldest == null) {
                return;
            }
            if (open.remove(oldest)) {
                diagnostics.warn(
                        "evicted",
                        "The Oceum Spring AI handler tracks at most " + options.maxOpenCalls()
                                + " ChatClient calls in progress; closed the least recently active one as failed. "
                                + "Raise maxOpenCalls if this many run at once.");
                abandon(oldest, "was evicted: more than " + options.maxOpenCalls() + " calls in progress");
            }
        }
    }

    private void abandon(ClientCall call, String why) {
        call.task.setAttribute("abandoned", true);
        call.finish(new AbandonedCallException("Spring AI ChatClient call " + call.task.name() + " ("
                + call.task.id() + ") " + why + "; its end was never reported (a stream that was never finished "
                + "or cancelled)"));
    }
}
