package com.example.boot4;

import com.example.supportdesk.SupportDeskContract;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SupportDeskContract} on Boot 4.0, in {@link DeskApp}: the application builds its OpenAI
 * model and its AI service itself; {@code /actuator/health} shows the Boot 4 contributor. The
 * shutdown is in {@link DeskAppShutdownTest}.
 */
class DeskAppTest extends SupportDeskContract {

    @DynamicPropertySource
    static void deskModelProperties(DynamicPropertyRegistry registry) {
        // Boot 4: LangChain4j's Boot starters do not run here, so the model is the application's, at its own property.
        registry.add("desk.openai-url", SupportDeskContract::openAiUrl);
    }
}
