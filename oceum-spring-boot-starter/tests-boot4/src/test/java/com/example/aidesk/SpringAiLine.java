package com.example.aidesk;

/**
 * What differs on this line (Boot 4.0, Spring AI 2.0) for the shared Spring AI tests
 * ({@code SpringAiAppTest}, {@code com.example.springai.SpringAiObservationContract}); Boot 3's
 * module has a class of the same name with its line's values. Constants only.
 */
public final class SpringAiLine {
    /** Boot's own observation auto-configuration (spring-boot-micrometer-observation, with the actuator). */
    public static final String BOOT_OBSERVATION =
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration";

    private SpringAiLine() {}

    /**
     * Spring AI's OpenAI properties for a server at {@code baseUrl}: 2.0 needs the {@code /v1}, and
     * takes the model as {@code chat.model}.
     */
    public static String[] openAi(String baseUrl) {
        return new String[] {
            "spring.ai.openai.base-url=" + baseUrl + "/v1",
            "spring.ai.openai.api-key=sk-test",
            "spring.ai.openai.chat.model=gpt-4o-mini"
        };
    }
}
