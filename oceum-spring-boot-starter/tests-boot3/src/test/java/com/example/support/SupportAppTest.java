package com.example.support;

import com.example.supportdesk.SupportDeskContract;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SupportDeskContract} on Boot 3.5, in {@link SupportApp}: LangChain4j's own Boot starter
 * builds the {@code @AiService} {@link Assistant}, its OpenAI model configured by that starter's
 * properties. The shutdown is in {@link SupportAppShutdownTest}.
 */
class SupportAppTest extends SupportDeskContract {

    @DynamicPropertySource
    static void langChain4jStarterProperties(DynamicPropertyRegistry registry) {
        // Boot 3 only: LangChain4j's starter builds the model from these (its starters do not run on Boot 4).
        registry.add("langchain4j.open-ai.chat-model.base-url", SupportDeskContract::openAiUrl);
        registry.add("langchain4j.open-ai.chat-model.api-key", () -> "sk-test");
        registry.add("langchain4j.open-ai.chat-model.model-name", () -> "gpt-4o-mini");
    }
}
