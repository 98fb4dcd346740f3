package com.example.support;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic stand-in for an LLM, so that the demo runs offline and gives the same answers
 * every time. It goes through LangChain4j's normal {@link ChatModel} path — listeners, tool
 * calls, token usage — exactly like a hosted model: first it asks for the two tools, then it
 * answers from their results. Token counts are estimated as one token per four characters.
 */
public final class LocalTriageModel implements ChatModel {

    /** The model name reported in usage events. */
    public static final String MODEL_NAME = "oceum-local-triage";

    private final List<ChatModelListener> listeners;

    /** A model that notifies {@code listeners} of every call. */
    public LocalTriageModel(List<ChatModelListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String ticket = lastUserText(request.messages());
        List<ToolExecutionResultMessage> results = toolResultsAfterLastUser(request.messages());
        String category = categorise(ticket);
        AiMessage answer;
        FinishReason finish;
        if (results.isEmpty() && !request.toolSpecifications().isEmpty()) {
            answer = AiMessage.from(toolCalls(request.toolSpecifications(), customerId(ticket), category));
            finish = FinishReason.TOOL_EXECUTION;
        } else {
            answer = AiMessage.from(finalAnswer(ticket, category, results));
            finish = FinishReason.STOP;
        }
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(estimateTokens(request.messages()), estimateTokens(answer)))
                .finishReason(finish)
                .build();
    }

    private static List<ToolExecutionRequest> toolCalls(
            List<ToolSpecification> tools, String customerId, String category) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (ToolSpecification tool : tools) {
            // Read the parameter name from the tool's schema: it depends on how the tools were compiled.
            String parameter =
                    tool.parameters() == null || tool.parameters().properties().isEmpty()
                            ? "arg0"
                            : tool.parameters().properties().keySet().iterator().next();
            String value = tool.name().toLowerCase(Locale.ROOT).contains("customer") ? customerId : category;
            calls.add(ToolExecutionRequest.builder()
                    .id("call-" + (calls.size() + 1))
                    .name(tool.name())
                    .arguments("{\"" + parameter + "\":\"" + value + "\"}")
                    .build());
        }
        return calls;
    }

    private static String finalAnswer(String ticket, String category, List<ToolExecutionResultMessage> results) {
        String article = results.stream()
                .map(ToolExecutionResultMessage::text)
                .filter(text -> text.startsWith("KB-"))
                .findFirst()
                .orElse(null);
        boolean unknownCustomer = results.stream().anyMatch(r -> r.text().contains("no customer"));
        String priority = category.equals("outage") || ticket.contains("charged twice") ? "high" : "normal";
        String reply;
        if (unknownCustomer) {
            reply = "We could not find your account; please send us your customer number.";
            priority = "low";
        } else if (article != null) {
            reply = "Thanks for writing in. "
                    + article.substring(article.indexOf(':') + 1).strip();
        } else {
            reply = "Thanks for writing in; a colleague will get back to you today.";
        }
        return "category: " + category + "; priority: " + priority + "; reply: " + reply;
    }

    private static String categorise(String ticket) {
        String text = ticket.toLowerCase(Locale.ROOT);
        if (text.contains("charged") || text.contains("refund") || text.contains("invoice")) {
            return "billing";
        }
        if (text.contains("503") || text.contains("outage")) {
            return "outage";
        }
        if (text.contains("log in") || text.contains("password")) {
            return "account";
        }
        return "other";
    }

    private static String customerId(String ticket) {
        int at = ticket.indexOf("customer ");
        if (at < 0) {
            return "unknown";
        }
        String rest = ticket.substring(at + "customer ".length());
        int end = rest.indexOf('\n');
        return (end < 0 ? rest : rest.substring(0, end)).strip();
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user && user.hasSingleText()) {
                return user.singleText();
            }
        }
        return "";
    }

    private static List<ToolExecutionResultMessage> toolResultsAfterLastUser(List<ChatMessage> messages) {
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && !(messages.get(i) instanceof UserMessage); i--) {
            if (messages.get(i) instanceof ToolExecutionResultMessage result) {
                results.add(0, result);
            }
        }
        return results;
    }

    private static int estimateTokens(List<ChatMessage> messages) {
        int chars = 0;
        for (ChatMessage message : messages) {
            if (message instanceof SystemMessage system) {
                chars += system.text().length();
            } else if (message instanceof UserMessage user) {
                chars += user.hasSingleText() ? user.singleText().length() : 64;
            } else if (message instanceof ToolExecutionResultMessage result) {
                chars += result.text().length();
            } else if (message instanceof AiMessage ai) {
                chars += estimateChars(ai);
            }
        }
        return Math.max(1, chars / 4);
    }

    private static int estimateTokens(AiMessage message) {
        return Math.max(1, estimateChars(message) / 4);
    }

    private static int estimateChars(AiMessage message) {
        int chars = message.text() == null ? 0 : message.text().length();
        if (message.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                chars += call.name().length() + call.arguments().length();
            }
        }
        return chars;
    }

    @Override
    public String toString() {
        return "LocalTriageModel" + Map.of("model", MODEL_NAME);
    }
}
