package com.example.readme;

// readme:begin quick-start
import ai.oceum.Oceum;
import ai.oceum.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class QuickStart {
    private static final Logger log = LoggerFactory.getLogger(QuickStart.class);

    public static void main(String[] args) {
        try (Oceum oceum = Oceum.fromEnv()) {            // OCEUM_API_KEY, OCEUM_AGENT_ID, OCEUM_BASE_URL
            oceum.startHeartbeat();                       // every 60 s, jittered
            String verdict = oceum.wrap("triage-ticket", () -> triage("T-4812"));   // task_start → task_complete | error
            log.info("verdict {}", verdict);
            oceum.reportUsage(Usage.of("gpt-4o", 1200, 450))
                 .thenAccept(r -> r.costUsd().ifPresent(usd -> log.info("cost {} USD", usd.toPlainString())));
            oceum.error(new IllegalStateException("inbox unreachable"));
        }                                                 // close(): flush with a deadline, stop threads
    }

    static String triage(String ticket) {
        return "billing";                                 // your agent's work
    }
}
// readme:end quick-start
