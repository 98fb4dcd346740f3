package com.example.supportdesk;

/**
 * The support desk's LangChain4j AI service, with no framework annotation so that both lines can
 * use it. Each line builds it its own way: on Boot 3.5 LangChain4j's Boot starter builds the
 * {@code @AiService} sub-interface {@code com.example.support.Assistant} (that starter builds only
 * annotated interfaces, and its annotation is not on the Boot 4 class path); on Boot 4.0 the
 * application builds this interface with {@code AiServices}. Either way the service's calls are
 * reported as {@code Assistant.chat}.
 */
public interface Assistant {
    String chat(String question);
}
