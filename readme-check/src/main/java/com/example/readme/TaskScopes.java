package com.example.readme;

import ai.oceum.Oceum;
import ai.oceum.TaskContext;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** README, Quick start: a task opened explicitly, carried to a pool's threads. */
final class TaskScopes {
    private TaskScopes() {
    }

    static void classify(Oceum oceum, ExecutorService workers) throws Exception {
        // readme:begin task-scope
        try (TaskScope task = oceum.startTask("classify-ticket", Map.of("ticket", 4812))) {
            ExecutorService pool = TaskContext.wrap(workers);    // carry the task to other threads
            pool.submit(() -> oceum.reportUsage(Usage.of("gpt-4o-mini", 800, 120))).get();   // counted in the task
        }
        // readme:end task-scope
    }
}
