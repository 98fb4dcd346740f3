package com.example.digest;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import com.example.support.Ticket;
import com.example.support.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain-Java agent with no framework at all: every step is an Oceum task made with
 * {@link Oceum#wrap}, and that is the only Oceum call it needs. It writes the daily digest of
 * the triage agent's verdicts, and stores it in Oceum's shared memory for other agents.
 */
public final class DigestAgent {

    private final Oceum oceum;

    /** An agent reporting through {@code oceum}. */
    public DigestAgent(Oceum oceum) {
        this.oceum = oceum;
    }

    /**
     * Builds one digest per category and a summary; a category with nothing in it is an error
     * (reported by {@code wrap}, then handled here so that the run goes on).
     *
     * @return the digest lines, one per category that could be summarised
     */
    public List<String> run(List<Ticket> tickets, List<Verdict> verdicts) {
        Map<String, List<Verdict>> byCategory = verdicts.stream()
                .collect(Collectors.groupingBy(Verdict::category, LinkedHashMap::new, Collectors.toList()));
        List<String> lines = new ArrayList<>();
        for (String category : List.of("billing", "outage", "account", "shipping")) {
            try {
                lines.add(oceum.wrap(
                        "digest-" + category,
                        Map.of("category", category),
                        () -> summarise(category, byCategory.getOrDefault(category, List.of()))));
            } catch (IllegalStateException empty) {
                // Already reported to Oceum as this task's error by wrap(); the digest goes on without it.
                lines.add(category + ": (nothing to report)");
            }
        }
        String digest = oceum.wrap("publish-digest", () -> {
            String text = "Daily digest: " + tickets.size() + " tickets, " + verdicts.size() + " triaged. "
                    + String.join(" | ", lines);
            oceum.memory(
                    text,
                    ai.oceum.memory.MemoryWrite.builder()
                            .tags("digest", "support")
                            .build());
            return text;
        });
        lines.add(digest);
        return lines;
    }

    private static String summarise(String category, List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            throw new IllegalStateException("no tickets in category " + category);
        }
        TaskScope.current().ifPresent(task -> task.setAttribute("tickets", verdicts.size()));
        long urgent = verdicts.stream().filter(v -> v.priority().equals("high")).count();
        return category + ": " + verdicts.size() + " tickets, " + urgent + " urgent";
    }
}
