/** The {@link ai.oceum.annotation.AgentTask} annotation. */
package ai.oceum.annotation;
