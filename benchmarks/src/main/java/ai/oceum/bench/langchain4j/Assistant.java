package ai.oceum.bench.langchain4j;

/** The AI service under measurement. */
public interface Assistant {
    /** One invocation: one model call, or two with a tool round trip in between. */
    String chat(String message);
}
