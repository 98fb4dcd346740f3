package com.example.boot4;

import ai.oceum.spring.boot.GracefulShutdownContract;
import java.util.List;

/** {@link GracefulShutdownContract} on Boot 4.0, with the application building its model itself. */
class DeskAppShutdownTest extends GracefulShutdownContract {

    @Override
    protected Class<?> application() {
        return DeskApp.class;
    }

    @Override
    protected List<String> modelProperties(String openAiUrl) {
        return List.of("desk.openai-url=" + openAiUrl);
    }
}
