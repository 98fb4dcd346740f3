package ai.oceum.devserver.processing;

import ai.oceum.devserver.pricing.ModelPrice;
import ai.oceum.devserver.pricing.PriceTable;
import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.protocol.FieldLimits;
import ai.oceum.devserver.protocol.IncomingEvent;
import ai.oceum.devserver.store.UsageRepository;
import ai.oceum.devserver.store.UsageRepository.UsageRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices token usage and keeps the per-agent budget, in exact decimal. Usage is always recorded
 * (the money is spent whether or not we like it); the answer says when the cap is passed, and
 * from then on the agent's {@code task_start} events are refused with 402 until the server is
 * restarted with a higher cap. Called inside the processor's transaction.
 */
public final class UsageRecorder {
    private final UsageRepository repository;
    private final PriceTable prices;
    private final Optional<BigDecimal> budgetUsd;

    /** A recorder with these prices and an optional cap per agent. */
    public UsageRecorder(UsageRepository repository, PriceTable prices, Optional<BigDecimal> budgetUsd) {
        this.repository = repository;
        this.prices = prices;
        this.budgetUsd = budgetUsd;
    }

    /** Records one call's usage from {@code usage} (a {@code usage} event's data or an inline object); answers the cost fields. */
    Map<String, Object> record(Connection c, IncomingEvent e, JsonNode usage) throws SQLException {
        String model = IncomingEvent.text(usage, "model");
        model = model == null ? "unknown" : model.strip();
        FieldLimits.check(model, "data.model", FieldLimits.MODEL);
        long in = tokens(usage, "tokensInput", "tokens_input");
        long out = tokens(usage, "tokensOutput", "tokens_output");
        Optional<ModelPrice> price = prices.find(model);
        BigDecimal cost = price.map(p -> p.costUsd(in, out)).orElse(BigDecimal.ZERO);
        repository.add(
                c,
                new UsageRecord(
                        e.agentId(),
                        model,
                        in,
                        out,
                        cost,
                        price.isPresent(),
                        e.taskName(),
                        e.firstText("taskId", "task_id"),
                        e.occurredAt(),
                        durationMs(usage)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("costUsd", cost);
        answer.put("priced", price.isPresent());
        answer.put("model", model);
        if (budgetUsd.isPresent()) {
            BigDecimal spent = repository.spentUsd(c, e.agentId());
            answer.put("spentUsd", spent);
            answer.put("budgetUsd", budgetUsd.get());
            answer.put("budgetExceeded", spent.compareTo(budgetUsd.get()) > 0);
        }
        return answer;
    }

    /** Refuses with 402 when the agent has spent more than the cap. */
    void checkBudget(Connection c, String agentId) throws SQLException {
        if (budgetUsd.isEmpty()) {
            return;
        }
        BigDecimal spent = repository.spentUsd(c, agentId);
        if (spent.compareTo(budgetUsd.get()) > 0) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("budgetExceeded", true);
            extra.put("spentUsd", spent);
            extra.put("budgetUsd", budgetUsd.get());
            throw new ApiError(
                    402,
                    String.format(
                            Locale.ROOT,
                            "agent '%s' is over its budget (spent $%.4f of $%.2f): new tasks are refused",
                            agentId,
                            spent,
                            budgetUsd.get()),
                    extra);
        }
    }

    /** A call's reported duration, for the trace view's placement only: anything but a whole number ≥ 0 is ignored. */
    private static Long durationMs(JsonNode usage) {
        JsonNode n = usage.get("durationMs");
        return n != null && n.canConvertToLong() && n.asLong() >= 0 ? n.asLong() : null;
    }

    private static long tokens(JsonNode usage, String... fields) {
        for (String f : fields) {
            JsonNode n = usage.get(f);
            if (n != null && !n.isNull()) {
                if (!n.canConvertToLong()
                        && !(n.isTextual() && n.asText().strip().matches("\\d{1,18}"))) {
                    throw ApiError.badRequest(f + " must be a whole number of tokens");
                }
                long v = n.isTextual() ? Long.parseLong(n.asText().strip()) : n.asLong();
                if (v < 0) {
                    throw ApiError.badRequest(f + " must not be negative");
                }
                return v;
            }
        }
        return 0;
    }
}
