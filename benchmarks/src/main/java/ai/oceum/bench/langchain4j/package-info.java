/**
 * Goal 3 of the benchmarks: the time the Oceum LangChain4j listeners add to an {@code AiServices}
 * call, with and without a tool round trip ({@link
 * ai.oceum.bench.langchain4j.ListenerOverheadBenchmark}).
 */
package ai.oceum.bench.langchain4j;
