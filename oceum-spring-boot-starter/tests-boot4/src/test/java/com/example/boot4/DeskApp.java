package com.example.boot4;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumLangChain4j;
import com.example.supportdesk.Assistant;
import com.example.supportdesk.OrderTools;
import com.example.supportdesk.SupportAgent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Boot 4.0 application. LangChain4j's Boot starters do not run on Boot 4, so the application
 * builds its model (handing it the listener beans, as those starters do) and its AI service. Its
 * agent, tool and controller are the ones Boot 3's application uses too ({@code com.example.supportdesk},
 * scanned besides this package).
 */
@SpringBootApplication(scanBasePackageClasses = {DeskApp.class, SupportAgent.class})
public class DeskApp {

    @Bean
    ChatModel chatModel(@Value("${desk.openai-url}") String url, ObjectProvider<ChatModelListener> listeners) {
        return OpenAiChatModel.builder()
                .baseUrl(url)
                .apiKey("sk-test")
                .modelName("gpt-4o-mini")
                .listeners(listeners.orderedStream().toList())
                .build();
    }

    @Bean
    Assistant assistant(ChatModel model, OrderTools tools, Oceum oceum) {
        return OceumLangChain4j.instrument(AiServices.builder(Assistant.class), oceum)
                .chatModel(model)
                .tools(tools)
                .build();
    }
}
