package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The usage summed over a task and its children, sent with its end as {@code usageTotals}.
 *
 * @param tokensInput input tokens
 * @param tokensOutput output tokens
 * @param calls usage reports
 */
public record UsageTotals(long tokensInput, long tokensOutput, long calls) {
    Map<String, Object> toData() {
        Map<String, Object> totals = new LinkedHashMap<>(4);
        totals.put("tokensInput", tokensInput);
        totals.put("tokensOutput", tokensOutput);
        totals.put("calls", calls);
        return totals;
    }
}
