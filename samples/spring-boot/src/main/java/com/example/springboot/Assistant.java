package com.example.springboot;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.spring.AiService;

/** Built by LangChain4j's Boot starter from the context's chat model and tool beans. */
@AiService
public interface Assistant {
    @SystemMessage("You answer customers of an online shop. Look orders up before answering.")
    String answer(String question);
}
