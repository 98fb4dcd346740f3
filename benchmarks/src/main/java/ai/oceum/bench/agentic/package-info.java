/**
 * What {@code oceum-langchain4j-agentic} adds per agent invocation of a LangChain4j agentic
 * workflow ({@link ai.oceum.bench.agentic.AgentListenerOverheadBenchmark}; goal of issue 16: under
 * 5 µs at the median).
 */
package ai.oceum.bench.agentic;
