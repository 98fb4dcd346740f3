package com.example.springai;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.springai.AgentTaskNaming;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.springai.OceumSpringAiOptions;
import io.micrometer.observation.ObservationRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.model.tool.ToolCallingManager;

/**
 * A Spring AI agent reporting to Oceum without Spring Boot: a {@code ChatClient} with a tool on
 * an offline deterministic model (no network, no key), observed on one {@link ObservationRegistry}
 * that carries the Oceum handler.
 *
 * <p>With {@code OCEUM_BASE_URL} unset, a local Oceum dev server starts in this process and its
 * dashboard URL is printed; {@code --keep-open} leaves it up until Ctrl-C. Under Spring Boot the
 * Oceum starter does the wiring below on its own.
 */
public final class SpringAiDemo {
    static final List<String> QUESTIONS =
            List.of("Where is my order A-1001?", "And my other order B-2002?", "Can I pay by invoice?");

    private final PrintStream out;

    SpringAiDemo(PrintStream out) {
        this.out = out;
    }

    /** Runs the sample and exits 0 when every event was delivered. */
    public static void main(String[] args) throws Exception {
        System.exit(new SpringAiDemo(System.out).run(List.of(args)));
    }

    int run(List<String> args) throws Exception {
        try (Backend backend = Backend.start(out);
                Oceum oceum = backend.client("spring-ai-support")) {
            // The one registration call: every ChatClient call, model call and tool call on this registry is reported.
            // ALWAYS: nothing instruments SupportAgent's @AgentTask methods here, so each call is named by the
            // method making it, found on the stack from the first call (the default, AUTO, samples the stack).
            ObservationRegistry registry = ObservationRegistry.create();
            OceumSpringAi.register(
                    registry,
                    oceum,
                    OceumSpringAiOptions.builder()
                            .agentTaskNaming(AgentTaskNaming.ALWAYS)
                            .build());

            // Spring AI 2.0 runs tools in the ChatClient's ToolCallingAdvisor: give its manager the registry, and
            // Oceum's exception processor so that a tool failure Spring AI turns into text is reported too.
            // (Spring AI 1.1: pass the same manager to the chat model's builder, .toolCallingManager(tools).)
            ToolCallingManager tools = ToolCallingManager.builder()
                    .observationRegistry(registry)
                    .toolExecutionExceptionProcessor(OceumSpringAi.toolExceptionProcessor())
                    .build();
            ChatClient chat = ChatClient.builder(
                            new OfflineSupportModel(registry),
                            registry,
                            null,
                            null,
                            ToolCallingAdvisor.builder().toolCallingManager(tools))
                    .build();
            SupportAgent agent = new SupportAgent(chat, new OrderTools());

            oceum.setStatus("working");
            out.println("Answering " + (QUESTIONS.size() + 1) + " customer messages with "
                    + OfflineSupportModel.MODEL_NAME + " (offline) ...");
            for (String question : QUESTIONS) {
                out.println("  > " + question);
                out.println("  < " + agent.answer(question));
            }
            String streamed = "When are you open?";
            out.println("  > " + streamed + "   (streamed)");
            out.println("  < " + agent.streamAnswer(streamed));
            oceum.setStatus("idle");

            boolean flushed = oceum.flush(Duration.ofSeconds(15));
            OceumStats stats = oceum.stats();
            out.println();
            out.printf(
                    "Reported       %d events delivered, %d dropped%s%n",
                    stats.sent(), stats.droppedTotal(), flushed ? "" : " (not all delivered before the deadline)");
            out.println("               4 tasks (answer-customer x3, stream-answer), a usage event per model call,");
            out.println(
                    "               the lookupOrder tool calls with their durations, and the failed one as an error");
            out.println("Dashboard      " + backend.dashboardUrl());
            if (args.contains("--keep-open")) {
                out.println("The dashboard stays up - press Ctrl-C to stop.");
                new CountDownLatch(1).await();
            }
            return flushed && stats.droppedTotal() == 0 ? 0 : 1;
        }
    }
}
