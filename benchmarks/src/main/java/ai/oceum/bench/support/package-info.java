/**
 * What every benchmark shares: the loopback sink standing in for Oceum, the "down" receiver, and
 * the client builder. Adapter benchmarks (the Logback appender, the LangChain4j listeners, the dev
 * server) live in their own packages next to {@code core} and {@code delivery} and use these.
 */
package ai.oceum.bench.support;
