package com.example.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.aidesk.SpringAiLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SpringAiObservationContract} on Boot 3.5 with Spring AI 1.1.2, plus its negative control. */
class SpringAiObservationTest extends SpringAiObservationContract {

    @Test
    void withoutTheStartersRegistryAndWithoutBootsNothingIsObserved() throws Exception {
        // The negative control: what the starter's fallback registry is for. Boot 3.5 only: on Boot 4.0 an
        // application with neither registry does not start (see that module's SpringAiObservationTest).
        List<String> seen =
                run("spring.autoconfigure.exclude=" + SpringAiLine.BOOT_OBSERVATION, "oceum.observation.enabled=false");
        assertThat(seen).isEmpty();
    }
}
