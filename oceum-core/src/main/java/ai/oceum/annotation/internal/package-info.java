/**
 * The one implementation of {@link ai.oceum.annotation.AgentTask} semantics, shared by the proxy
 * and the Java agent's inlined advice. Not public API: it may change in any release without
 * notice, and the agent needs the same version of it as the one it was built with.
 */
package ai.oceum.annotation.internal;
