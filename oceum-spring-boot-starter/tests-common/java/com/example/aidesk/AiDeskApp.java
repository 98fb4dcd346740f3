package com.example.aidesk;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring AI support desk with the Oceum starter and no Oceum code: Spring AI's Boot
 * auto-configuration builds the OpenAI chat model and the {@code ChatClient.Builder}; the
 * application adds its tools. Runs on Boot 3.5 with Spring AI 1.1 and on Boot 4.0 with Spring AI 2.0.
 */
@SpringBootApplication
public class AiDeskApp {

    @Bean
    ChatClient chatClient(ChatClient.Builder builder, OrderTools tools) {
        return builder.defaultTools(tools).build();
    }
}
