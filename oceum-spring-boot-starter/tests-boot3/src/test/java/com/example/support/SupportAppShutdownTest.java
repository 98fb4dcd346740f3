package com.example.support;

import ai.oceum.spring.boot.GracefulShutdownContract;
import java.util.List;

/** {@link GracefulShutdownContract} on Boot 3.5, with LangChain4j's Boot starters building the model. */
class SupportAppShutdownTest extends GracefulShutdownContract {

    @Override
    protected Class<?> application() {
        return SupportApp.class;
    }

    @Override
    protected List<String> modelProperties(String openAiUrl) {
        return List.of(
                "langchain4j.open-ai.chat-model.base-url=" + openAiUrl,
                "langchain4j.open-ai.chat-model.api-key=sk-test");
    }
}
