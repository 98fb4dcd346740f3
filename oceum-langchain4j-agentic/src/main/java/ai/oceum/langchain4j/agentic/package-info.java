/**
 * Oceum for LangChain4j agentic systems ({@code langchain4j-agentic}):
 * {@link ai.oceum.langchain4j.agentic.OceumAgentListener} reports each run of a workflow — sequences,
 * loops, parallel branches, conditional routes, parallel mappers, supervisors, human in the loop —
 * as a tree of tasks with per-agent and per-subtree usage and tool summaries;
 * {@link ai.oceum.langchain4j.agentic.OceumAgentic#instrument} registers it on a root builder in
 * one call. Usage comes from {@link ai.oceum.langchain4j.OceumChatModelListener}, which this module
 * teaches to tie each model call to the agent that made it.
 */
package ai.oceum.langchain4j.agentic;
