package com.example.support;

import dev.langchain4j.service.spring.AiService;

/**
 * The desk's AI service as LangChain4j's Boot starter (Boot 3 only) builds it, with the context's
 * chat model and every {@code @Tool} bean. That starter builds only interfaces it finds annotated
 * with {@code @AiService}, and the annotation cannot be on the shared interface (it is not on the
 * Boot 4 class path), so this one adds it. It keeps the simple name {@code Assistant}: the service's
 * calls are named after the interface the service is built for, {@code Assistant.chat} on both lines.
 */
@AiService
public interface Assistant extends com.example.supportdesk.Assistant {}
