package ai.oceum.springai;

import java.time.Duration;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;

/**
 * How a test wants its Spring AI OpenAI model built, whichever line ({@link LineWiring}) builds it.
 *
 * @param retries extra attempts after a failed request (Spring AI's retry template in 1.1, the
 *     OpenAI client's {@code maxRetries} in 2.0)
 * @param timeout the request timeout
 * @param toolExceptions the tool-exception processor, or null for Spring AI's default
 * @param streamUsage whether a stream asks for usage (Spring AI 1.1 does not by default; 2.0 does)
 */
record ModelSetup(int retries, Duration timeout, ToolExecutionExceptionProcessor toolExceptions, boolean streamUsage) {
    /** No retry, a 10 s timeout, Oceum's tool-exception processor, usage asked for in streams. */
    static ModelSetup defaults() {
        return new ModelSetup(0, Duration.ofSeconds(10), OceumSpringAi.toolExceptionProcessor(), true);
    }

    ModelSetup retries(int n) {
        return new ModelSetup(n, timeout, toolExceptions, streamUsage);
    }

    ModelSetup timeout(Duration d) {
        return new ModelSetup(retries, d, toolExceptions, streamUsage);
    }

    ModelSetup toolExceptions(ToolExecutionExceptionProcessor p) {
        return new ModelSetup(retries, timeout, p, streamUsage);
    }

    ModelSetup streamUsage(boolean ask) {
        return new ModelSetup(retries, timeout, toolExceptions, ask);
    }
}
