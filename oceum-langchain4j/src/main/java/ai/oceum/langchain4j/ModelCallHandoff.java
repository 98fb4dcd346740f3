package ai.oceum.langchain4j;

import ai.oceum.TaskScope;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.lang.ref.WeakReference;

/**
 * Hands an AI-service invocation's task to the {@link OceumChatModelListener} of the model call
 * it is about to make.
 *
 * <p>LangChain4j fires {@code AiServiceRequestIssuedEvent} and then, on the same thread and
 * before anything else, {@code ChatModelListener.onRequest} — which carries no invocation
 * context. The first leaves the task here; the second takes it. Only weak references are kept,
 * the entry is cleared when taken, and it is accepted only for the very request it was left for
 * (same last message), so a leftover can neither keep memory alive nor capture an unrelated call.
 */
final class ModelCallHandoff {
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private ModelCallHandoff() {}

    static void offer(TaskScope task, ChatRequest request) {
        PENDING.set(new Pending(new WeakReference<>(task), new WeakReference<>(lastMessage(request))));
    }

    /** The task left for {@code request} on this thread, or null; removes what was left. */
    static TaskScope take(ChatRequest request) {
        Pending p = PENDING.get();
        if (p == null) {
            return null;
        }
        PENDING.set(null);
        TaskScope task = p.task.get();
        if (task == null || task.isClosed() || p.lastMessage.get() != lastMessage(request)) {
            return null;
        }
        return task;
    }

    /** Forgets what was left on this thread (the model call is over). */
    static void clear() {
        // Stored as null, not removed: a removed entry is made again by the next get() with the
        // map's clean-up scan, on every model call; a null entry keeps nothing alive.
        PENDING.set(null);
    }

    private static ChatMessage lastMessage(ChatRequest request) {
        return request == null ? null : Content.last(request.messages());
    }

    private record Pending(WeakReference<TaskScope> task, WeakReference<ChatMessage> lastMessage) {}
}
