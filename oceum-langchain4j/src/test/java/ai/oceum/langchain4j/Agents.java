package ai.oceum.langchain4j;

import ai.oceum.TaskScope;
import ai.oceum.annotation.AgentTask;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.TokenStream;
import java.util.concurrent.atomic.AtomicReference;

/** The AI-service interfaces and tools the tests drive through real {@code AiServices}. */
final class Agents {
    private Agents() {}

    public interface Assistant {
        String chat(String message);
    }

    public interface StreamingAssistant {
        TokenStream chat(String message);
    }

    public interface Pair {
        String alpha(String message);

        String beta(String message);
    }

    public interface TriageAgent {
        @AgentTask("triage-ticket")
        String triage(String ticket);
    }

    /** A tool that answers, and remembers which task was current while it ran. */
    public static final class TicketTools {
        final AtomicReference<TaskScope> taskSeen = new AtomicReference<>();

        @Tool("Looks up a support ticket")
        public String lookupTicket(String id) {
            taskSeen.set(TaskScope.current().orElse(null));
            return "ticket " + id + " is open";
        }
    }

    /** A tool that always throws. */
    public static final class FailingTools {
        @Tool("Closes a support ticket")
        public String closeTicket(String id) {
            throw new IllegalStateException("ticket store is down");
        }
    }

    /** A tool that asks another agent: its invocation runs inside this one. */
    public static final class ExpertTools {
        private final Assistant expert;

        ExpertTools(Assistant expert) {
            this.expert = expert;
        }

        @Tool("Asks the expert agent")
        public String askExpert(String question) {
            return expert.chat(question);
        }
    }
}
