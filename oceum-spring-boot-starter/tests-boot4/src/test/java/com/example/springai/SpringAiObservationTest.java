package com.example.springai;

/**
 * {@link SpringAiObservationContract} on Boot 4.0 with Spring AI 2.0.1 (Boot's registry through
 * spring-boot-micrometer-observation, with the actuator). No negative control here, unlike on Boot
 * 3.5: with neither registry, Boot 4's own web-client observation configuration stops the
 * application from starting at all.
 */
class SpringAiObservationTest extends SpringAiObservationContract {}
