package ai.oceum.langchain4j.agentic;

/**
 * Why a workflow's task failed when the failure began in one of its sub-agents: reported in the
 * workflow's {@code error} event instead of the sub-agent's exception, so that the exception and
 * its stack trace are sent once, with the sub-agent where it happened. Its message names that
 * sub-agent and the cause; {@code meta.failedTaskId} points at the sub-agent's task.
 *
 * <p>Carries no stack trace (it is a pointer, not a second report). Immutable.
 */
public final class SubagentFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubagentFailedException(String message) {
        super(message, null, false, false);
    }
}
