/**
 * Small applications run in child JVMs by the agent's integration tests: plain application code
 * carrying {@code @AgentTask}, with no call to the proxy or any wiring.
 */
package example.app;
