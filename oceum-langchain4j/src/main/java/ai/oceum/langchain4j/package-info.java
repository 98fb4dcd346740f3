/**
 * Oceum for LangChain4j: {@link ai.oceum.langchain4j.OceumChatModelListener} reports every model
 * call (usage, errors); {@link ai.oceum.langchain4j.OceumAiServiceListeners} reports every
 * AI-service invocation as a task (duration, model and tool calls, tokens, failures);
 * {@link ai.oceum.langchain4j.OceumLangChain4j#instrument} wires an AI service in one call.
 * Nothing is sent of prompts, answers or tool data unless
 * {@link ai.oceum.langchain4j.OceumLangChain4jOptions#includeContent()} is set.
 */
package ai.oceum.langchain4j;
