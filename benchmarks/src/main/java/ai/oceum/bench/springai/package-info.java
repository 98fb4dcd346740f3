/**
 * The time the Oceum Spring AI observation handler adds to a {@code ChatClient} call, with and
 * without a tool round trip ({@link ai.oceum.bench.springai.ChatClientOverheadBenchmark}).
 */
package ai.oceum.bench.springai;
