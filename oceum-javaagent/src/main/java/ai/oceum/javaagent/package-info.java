/**
 * The {@code -javaagent} that reports every {@link ai.oceum.annotation.AgentTask} method of any
 * class as an Oceum task, by inlining ByteBuddy {@code Advice} into it. Entry point:
 * {@link ai.oceum.javaagent.OceumAgent}.
 */
package ai.oceum.javaagent;
