package ai.oceum.langchain4j.agentic;

/**
 * Why an agent's task was closed without LangChain4j reporting its end: the run showed no event
 * for longer than the state expiry (an agent ended by a {@link Error} gets no callback), too many
 * agents were in progress, its parent ended first, or a new root call on the same memory id began
 * before it ended. Sent as the task's failure, with {@code meta.status: "abandoned"}.
 *
 * <p>Carries no stack trace: the message says why. Immutable.
 */
public final class AbandonedAgentTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbandonedAgentTaskException(String message) {
        super(message, null, false, false);
    }
}
