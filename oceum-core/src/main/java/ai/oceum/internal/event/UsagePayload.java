package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code usage} event: {@code model}, {@code tokensInput}, {@code tokensOutput}, {@code meta?},
 * {@code provider?}, {@code finishReason?}, {@code durationMs?}, {@code usageReported}, and the
 * task fields when it belongs to a task.
 *
 * @param model the model
 * @param tokensInput input tokens
 * @param tokensOutput output tokens
 * @param meta a copy of the metadata, or null
 * @param provider the provider, or null
 * @param finishReason why the model stopped, or null
 * @param durationMs how long the call took, or null
 * @param reported whether the provider reported the counts (false: they are zero because it did not)
 * @param task the task, or null
 */
public record UsagePayload(
        String model,
        long tokensInput,
        long tokensOutput,
        Map<String, Object> meta,
        String provider,
        String finishReason,
        Long durationMs,
        boolean reported,
        TaskRef task)
        implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(12);
        data.put("model", model);
        data.put("tokensInput", tokensInput);
        data.put("tokensOutput", tokensOutput);
        TaskRef.putMeta(data, meta);
        if (provider != null) {
            data.put("provider", provider);
        }
        if (finishReason != null) {
            data.put("finishReason", finishReason);
        }
        if (durationMs != null) {
            data.put("durationMs", durationMs);
        }
        data.put("usageReported", reported);
        TaskRef.put(data, task);
        return data;
    }

    @Override
    public String taskId() {
        return task == null ? null : task.id();
    }

    @Override
    public String parentTaskId() {
        return task == null ? null : task.parentId();
    }
}
