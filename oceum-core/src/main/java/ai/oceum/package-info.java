/**
 * Oceum for Java: the client ({@link ai.oceum.Oceum}, built by {@link ai.oceum.OceumBuilder} or
 * {@link ai.oceum.Oceum#fromEnv()}), tasks ({@link ai.oceum.TaskScope}, {@code wrap},
 * {@code instrument}) and the values the calls take and return.
 *
 * <p>Two promises hold for every telemetry call: it never blocks the calling thread on the network
 * and never throws into application code; and nothing is lost silently: each event is delivered,
 * kept in the spool, or counted as dropped with a reason in {@link ai.oceum.Oceum#stats()}.
 *
 * <p>Public API, with {@code ai.oceum.annotation}, {@code ai.oceum.memory}, {@code ai.oceum.vault}
 * and {@code ai.oceum.webhook}. Framework adapters also use {@code ai.oceum.integration}; nothing
 * outside oceum-core uses {@code ai.oceum.internal} (docs/architecture.md).
 */
package ai.oceum;
