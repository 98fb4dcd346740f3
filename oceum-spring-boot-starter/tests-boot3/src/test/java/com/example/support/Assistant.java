package com.example.support;

import dev.langchain4j.service.spring.AiService;

/** Built by LangChain4j's Boot starter with the context's chat model and every {@code @Tool} bean. */
@AiService
public interface Assistant {
    String chat(String question);
}
