package ai.oceum.langchain4j.agentic;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.scope.AgenticScopeAccess;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The agents of the tests (public: LangChain4j calls their methods reflectively). */
public final class Agents {
    private Agents() {}

    public interface Writer {
        @UserMessage("Write a story about {{topic}}")
        @Agent(name = "writer", description = "writes a story", outputKey = "story")
        String write(@V("topic") String topic);
    }

    public interface Editor {
        @UserMessage("Edit this story: {{story}}")
        @Agent(name = "editor", description = "edits a story", outputKey = "story")
        String edit(@V("story") String story);
    }

    public interface Scorer {
        @UserMessage("Score this story: {{story}}")
        @Agent(name = "scorer", description = "scores a story from 0 to 1", outputKey = "score")
        double score(@V("story") String story);
    }

    public interface Expert {
        @UserMessage("Answer as {{role}} expert: {{question}}")
        @Agent(description = "a domain expert")
        String answer(@V("role") String role, @V("question") String question);
    }

    public interface Calculator {
        @UserMessage("Compute: {{question}}")
        @Agent(name = "calculator", description = "does arithmetic with tools", outputKey = "result")
        String compute(@V("question") String question);
    }

    /** A typed root whose scope is kept per memory id (so that a suspended run can be resumed). */
    public interface Approval extends AgenticScopeAccess {
        @Agent(name = "approvalFlow")
        String run(@MemoryId String id, @V("topic") String topic);
    }

    /** Tools that add; {@code executeToolsConcurrently()} runs two calls on two pool threads at once. */
    public static final class MathTools {
        final CountDownLatch bothRunning;

        MathTools(int concurrentCalls) {
            this.bothRunning = new CountDownLatch(concurrentCalls);
        }

        @Tool("adds two numbers")
        public int add(int a, int b) throws InterruptedException {
            bothRunning.countDown();
            // Concurrent calls wait for each other, so the test knows they overlapped.
            bothRunning.await(10, TimeUnit.SECONDS);
            return a + b;
        }
    }
}
