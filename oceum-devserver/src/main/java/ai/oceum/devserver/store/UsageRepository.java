package ai.oceum.devserver.store;

import ai.oceum.devserver.pricing.Money;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Token usage: one record per model call (kept within the retention limit) and running totals
 * per agent and model (never trimmed, so a budget cap does not reset when old records go).
 * Money is exact decimal here and in the database ({@code DECIMAL(30, 12)}): sums of many small
 * costs stay exact. Stateless apart from its retention limit: every call runs inside a
 * {@link Database} transaction, one at a time.
 */
public final class UsageRepository {
    private final Retention retention;

    /** A repository kept within {@code retention}. */
    public UsageRepository(Retention retention) {
        this.retention = retention;
    }

    /** Totals for one agent and model. */
    public record UsageTotal(
            String agentId, String model, long calls, long tokensInput, long tokensOutput, BigDecimal costUsd) {}

    /**
     * One model call.
     *
     * @param occurredAt when it was reported (the end of the call, for the SDK's model listeners), epoch ms
     * @param durationMs how long the call took, when reported, else null
     */
    public record UsageRecord(
            String agentId,
            String model,
            long tokensInput,
            long tokensOutput,
            BigDecimal costUsd,
            boolean priced,
            String taskName,
            String taskId,
            long occurredAt,
            Long durationMs) {}

    /** Records one call and adds it to the totals. */
    public void add(Connection c, UsageRecord u) throws SQLException {
        Jdbc.insert(
                c,
                "INSERT INTO usage_records (agent_id, model, tokens_in, tokens_out, cost_usd, priced, task_name, task_id, "
                        + "occurred_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                u.agentId(),
                u.model(),
                u.tokensInput(),
                u.tokensOutput(),
                u.costUsd(),
                u.priced(),
                u.taskName(),
                u.taskId(),
                u.occurredAt(),
                Jdbc.nullable(u.durationMs()));
        retention.enforce(c, "usage_records");
        int n = Jdbc.update(
                c,
                "UPDATE usage_totals SET calls = calls + 1, tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, "
                        + "cost_usd = cost_usd + ? WHERE agent_id = ? AND model = ?",
                u.tokensInput(),
                u.tokensOutput(),
                u.costUsd(),
                u.agentId(),
                u.model());
        if (n == 0) {
            Jdbc.update(
                    c,
                    "INSERT INTO usage_totals (agent_id, model, calls, tokens_in, tokens_out, cost_usd) VALUES (?, ?, 1, ?, ?, ?)",
                    u.agentId(),
                    u.model(),
                    u.tokensInput(),
                    u.tokensOutput(),
                    u.costUsd());
        }
    }

    /** What the agent has spent so far, in USD. */
    public BigDecimal spentUsd(Connection c, String agentId) throws SQLException {
        List<BigDecimal> rows = Jdbc.query(
                c, "SELECT SUM(cost_usd) FROM usage_totals WHERE agent_id = ?", 1, rs -> rs.getBigDecimal(1), agentId);
        return rows.isEmpty() || rows.get(0) == null ? BigDecimal.ZERO : Money.normalize(rows.get(0));
    }

    /** Totals per agent and model, most expensive first. */
    public List<UsageTotal> totals(Connection c) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT * FROM usage_totals ORDER BY cost_usd DESC, agent_id, model",
                500,
                rs -> new UsageTotal(
                        rs.getString("agent_id"),
                        rs.getString("model"),
                        rs.getLong("calls"),
                        rs.getLong("tokens_in"),
                        rs.getLong("tokens_out"),
                        Money.normalize(rs.getBigDecimal("cost_usd"))));
    }
}
