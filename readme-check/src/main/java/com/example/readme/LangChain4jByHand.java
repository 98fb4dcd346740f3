package com.example.readme;

// readme:begin by-hand
import ai.oceum.langchain4j.OceumAiServiceListeners;
import dev.langchain4j.service.AiServices;
// readme:end by-hand
import ai.oceum.Oceum;
import dev.langchain4j.model.chat.ChatModel;

/** README, LangChain4j: the same listeners registered without the helper. */
final class LangChain4jByHand {
    private LangChain4jByHand() {
    }

    static Assistant build(Oceum oceum, ChatModel model) {
        // readme:begin by-hand
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(oceum);
        Assistant agent = AiServices.builder(Assistant.class)
                .chatModel(model)
                .tools(new TicketTools())
                .registerListeners(listeners)                                // invocations as tasks
                .beforeToolExecution(listeners.beforeToolExecution())        // the task current in tools
                .afterToolExecution(listeners.afterToolExecution())          // tool durations and failures
                .build();
        // readme:end by-hand
        return agent;
    }
}
