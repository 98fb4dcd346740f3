package com.example.readme;

// readme:begin langchain4j
import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4j;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.util.List;
// readme:end langchain4j

/** README, LangChain4j: the one-call setup with a hosted model. */
final class LangChain4jSetup {
    private LangChain4jSetup() {
    }

    static String run() {
        // readme:begin langchain4j
        Oceum oceum = Oceum.fromEnv();

        ChatModel model = OpenAiChatModel.builder()
                .apiKey(System.getenv("OPENAI_API_KEY")).modelName("gpt-4o-mini")
                .listeners(List.of(new OceumChatModelListener(oceum)))      // usage + model errors
                .build();

        Assistant agent = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), oceum)
                .chatModel(model)
                .tools(new TicketTools())
                .build();                                                   // each call = one Oceum task

        agent.chat("Where is my order 4812?");
        // readme:end langchain4j
        return oceum.agentId();
    }
}
