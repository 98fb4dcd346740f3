/**
 * Goal 2 of the benchmarks: the cost of {@code log.error} through Logback with no extra appender,
 * the Oceum appender and sentry-logback's appender, side by side ({@link
 * ai.oceum.bench.logging.LogErrorBenchmark}).
 */
package ai.oceum.bench.logging;
