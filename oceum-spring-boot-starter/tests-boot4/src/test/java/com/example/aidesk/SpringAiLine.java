package com.example.aidesk;

/** What differs on this line (Boot 4.0, Spring AI 2.0) for the shared Spring AI tests. */
final class SpringAiLine {
    /** Boot's own observation auto-configuration (spring-boot-micrometer-observation, with the actuator). */
    static final String BOOT_OBSERVATION =
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration";

    private SpringAiLine() {}

    /** Spring AI's OpenAI properties for a server at {@code baseUrl}: 2.0 needs the {@code /v1}. */
    static String[] openAi(String baseUrl) {
        return new String[] {
            "spring.ai.openai.base-url=" + baseUrl + "/v1",
            "spring.ai.openai.api-key=sk-test",
            "spring.ai.openai.chat.model=gpt-4o-mini"
        };
    }
}
