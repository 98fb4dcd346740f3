/**
 * Where the agent's own copy of oceum-core logs: its SLF4J is relocated (so the application's
 * logging is never touched), and this provider, visible only to the relocated SLF4J, writes its
 * warnings to stderr.
 */
package ai.oceum.javaagent.logging;
