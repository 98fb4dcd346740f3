/**
 * Oceum for Spring AI (1.1.x and 2.0.x): {@link ai.oceum.springai.OceumObservationHandler}, a
 * Micrometer observation handler, reports every {@code ChatClient} call as a task (duration, model
 * calls, tool calls, tokens, failures), every model call as {@code usage} and every tool call with
 * its duration and status; {@link ai.oceum.springai.OceumSpringAi#register} adds it to a registry
 * in one call; {@link ai.oceum.springai.OceumToolExecutionExceptionProcessor} makes tool failures
 * that Spring AI turns into text visible. Nothing is sent of prompts, answers or tool data unless
 * {@link ai.oceum.springai.OceumSpringAiOptions#includeContent()} is set.
 */
package ai.oceum.springai;
