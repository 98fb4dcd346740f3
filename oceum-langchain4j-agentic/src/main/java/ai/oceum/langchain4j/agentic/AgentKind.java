package ai.oceum.langchain4j.agentic;

import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.planner.AgenticSystemTopology;

/**
 * What an agent is, as sent in {@code meta.kind}: LangChain4j's topology alone does not tell a
 * supervisor (reported as {@code SEQUENCE}) or a parallel mapper (reported as {@code PARALLEL})
 * from the plain workflow, so the planner class decides for those. Compared by simple name, so
 * that a later beta that moves a planner class still maps (or falls back to the topology).
 */
enum AgentKind {
    AGENT("agent"),
    NON_AI_AGENT("non-ai-agent"),
    HUMAN("human"),
    SEQUENCE("sequence"),
    LOOP("loop"),
    PARALLEL("parallel"),
    PARALLEL_MAPPER("parallel-mapper"),
    CONDITIONAL("conditional"),
    SUPERVISOR("supervisor"),
    PLANNER("planner");

    /** The value sent in {@code meta.kind}. */
    final String wire;

    AgentKind(String wire) {
        this.wire = wire;
    }

    /** Whether agents of this kind run other agents (its tasks have children). */
    boolean isWorkflow() {
        return this != AGENT && this != NON_AI_AGENT && this != HUMAN;
    }

    static AgentKind of(AgentInstance agent) {
        AgenticSystemTopology topology = agent.topology();
        if (topology == null) {
            return PLANNER;
        }
        switch (topology) {
            case AI_AGENT:
                return AGENT;
            case NON_AI_AGENT:
                return NON_AI_AGENT;
            case HUMAN_IN_THE_LOOP:
                return HUMAN;
            default:
                break;
        }
        Class<?> planner = agent.plannerType();
        String name = planner == null ? "" : planner.getSimpleName();
        switch (name) {
            case "SupervisorPlanner":
                return SUPERVISOR;
            case "ParallelMapperPlanner":
                return PARALLEL_MAPPER;
            case "SequentialPlanner":
                return SEQUENCE;
            case "LoopPlanner":
                return LOOP;
            case "ParallelPlanner":
                return PARALLEL;
            case "ConditionalPlanner":
                return CONDITIONAL;
            default:
                break;
        }
        return switch (topology) {
            case LOOP -> LOOP;
            case PARALLEL -> PARALLEL;
            case ROUTER -> CONDITIONAL;
            // A planner of the user's own (plannerBuilder) reports SEQUENCE unless it says otherwise.
            default -> planner == null ? SEQUENCE : PLANNER;
        };
    }
}
