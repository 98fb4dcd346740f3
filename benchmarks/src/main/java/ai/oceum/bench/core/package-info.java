/** Benchmarks of the core client's telemetry calls on the caller's thread. */
package ai.oceum.bench.core;
