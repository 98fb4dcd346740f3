package com.example.readme;

// readme:begin agentic
import ai.oceum.langchain4j.agentic.OceumAgentic;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import java.util.Map;
// readme:end agentic
import ai.oceum.Oceum;
import dev.langchain4j.model.chat.ChatModel;

/** README, LangChain4j agentic workflows: a sequence with a review loop, instrumented at the root. */
final class AgenticSetup {
    private AgenticSetup() {
    }

    static Object run(Oceum oceum, ChatModel model) {
        // readme:begin agentic
        Classifier classifier = AgenticServices.agentBuilder(Classifier.class).chatModel(model).build();
        Drafter drafter = AgenticServices.agentBuilder(Drafter.class).chatModel(model).build();
        Reviewer reviewer = AgenticServices.agentBuilder(Reviewer.class).chatModel(model).build();
        UntypedAgent review = AgenticServices.loopBuilder().subAgents(drafter, reviewer).maxIterations(3)
                .exitCondition(scope -> scope.readState("score", 0.0) >= 0.8).build();

        UntypedAgent workflow = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), oceum)   // on the root only
                .subAgents(classifier, review)
                .outputKey("reply")
                .build();

        Object reply = workflow.invoke(Map.of("ticket", "Where is my order 4812?"));            // one run = one task tree
        // readme:end agentic
        return reply;
    }
}
