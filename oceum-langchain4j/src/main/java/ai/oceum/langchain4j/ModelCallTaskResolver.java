package ai.oceum.langchain4j;

import ai.oceum.TaskScope;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;

/**
 * Finds the task a model call belongs to, for integrations built on LangChain4j that know this
 * better than the calling thread does: {@code oceum-langchain4j-agentic} ties a call to the agent
 * of an agentic workflow that makes it.
 *
 * <p>{@link OceumChatModelListener} asks every resolver in its {@code onRequest}, after the
 * AI-service hand-off ({@link OceumAiServiceListeners}) and before falling back to the task open
 * on the calling thread; the first non-null, not yet closed task wins. Resolvers are found once,
 * with {@link java.util.ServiceLoader} and this interface's class loader, when the first
 * {@link OceumChatModelListener} is created; one that cannot be loaded (for example because its
 * framework is missing) is skipped with a warning.
 *
 * <p>Meant for Oceum's own integrations. Called on the thread that makes the model call, for every
 * call: it must be fast (a few map look-ups), must not block, and should not throw (a throw is
 * logged, rate-limited, and the next resolver is asked). Implementations must be thread-safe and
 * have a public no-argument constructor.
 */
public interface ModelCallTaskResolver {
    /**
     * The task the call described by {@code context} belongs to, or null when this resolver does
     * not know (the next resolver, then the calling thread's task, decide).
     */
    TaskScope taskFor(ChatModelRequestContext context);
}
