package com.example.springboot;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The offline model. A hosted one needs no code: with {@code langchain4j-open-ai-spring-boot-starter}
 * and {@code langchain4j.open-ai.chat-model.*} properties LangChain4j builds it, and hands it the
 * listener beans the same way as here.
 */
@Configuration(proxyBeanMethods = false)
public class ModelConfiguration {
    @Bean
    ChatModel chatModel(ObjectProvider<ChatModelListener> listeners) {
        return new OfflineModel(listeners.orderedStream().toList());
    }
}
