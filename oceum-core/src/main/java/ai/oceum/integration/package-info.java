/**
 * What Oceum's framework adapters share, and what a new adapter needs besides the public API:
 * <ul>
 *   <li>{@link ai.oceum.integration.ConfigurationSource}: feed the framework's own configuration
 *       to the client builder, and ask whether it is configured (an API key is set);</li>
 *   <li>{@link ai.oceum.integration.Diagnostics}: the adapter's own warnings, rate-limited, and the
 *       rule for which throwables may pass a hook;</li>
 *   <li>{@link ai.oceum.integration.ExceptionText}: an error report for an exception known only as
 *       text, in the core's shape and limits;</li>
 *   <li>{@link ai.oceum.integration.DeferredError}: an error whose report is built later, on the
 *       sender thread, with the time and task fixed at the call (an adapter's hot path);</li>
 *   <li>{@link ai.oceum.integration.IdleExpiry}: when an adapter looks for idle calls in progress,
 *       and which of them is idle or least recently active;</li>
 *   <li>{@link ai.oceum.integration.AgentTaskCalls}: the one implementation of {@code @AgentTask},
 *       a versioned SPI for the Java agent and the Spring starter.</li>
 * </ul>
 *
 * <p><b>For framework adapters; stable within a minor line.</b> Applications use the public API
 * ({@code ai.oceum} and its other packages). Types here may change between minor releases, so an
 * adapter and oceum-core are used at the same version, aligned through {@code oceum-bom}.
 * {@link ai.oceum.integration.ConfigurationSource} is also part of the public API
 * ({@link ai.oceum.OceumBuilder#configurationSource}) and follows its rules, and
 * {@link ai.oceum.integration.AgentTaskCalls} is versioned on its own
 * ({@link ai.oceum.integration.AgentTaskCalls#SPI_VERSION}) because the Java agent meets cores of
 * other versions. No other module may use {@code ai.oceum.internal}: a build check fails if one
 * does (see docs/architecture.md).
 */
package ai.oceum.integration;
