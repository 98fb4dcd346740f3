package com.example.aidesk;

/**
 * What differs on this line (Boot 3.5, Spring AI 1.1) for the shared Spring AI tests
 * ({@code SpringAiAppTest}, {@code com.example.springai.SpringAiObservationContract}); Boot 4's
 * module has a class of the same name with its line's values. Constants only.
 */
public final class SpringAiLine {
    /** Boot's own observation auto-configuration (with the actuator it makes the registry). */
    public static final String BOOT_OBSERVATION =
            "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration";

    private SpringAiLine() {}

    /**
     * Spring AI's OpenAI properties for a server at {@code baseUrl}: 1.1 adds {@code /v1} itself, and
     * takes the model among the chat options.
     */
    public static String[] openAi(String baseUrl) {
        return new String[] {
            "spring.ai.openai.base-url=" + baseUrl,
            "spring.ai.openai.api-key=sk-test",
            "spring.ai.openai.chat.options.model=gpt-4o-mini"
        };
    }
}
