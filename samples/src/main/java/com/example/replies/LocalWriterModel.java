package com.example.replies;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reply workflow's offline model: deterministic answers for each agent's prompt, through
 * LangChain4j's normal {@link ChatModel} path (listeners, tool calls, token usage) like a hosted
 * model. The first draft of a ticket scores 0.6 and the second 0.9, so the review loop runs
 * twice; a draft first asks for the knowledge-base tool. Each call takes a few milliseconds, as a
 * (very fast) model would, so the trace's waterfall has something to show. Tokens: one per four
 * characters. Thread-safe (the parallel checks call it from two threads).
 */
public final class LocalWriterModel implements ChatModel {

    /** The model name reported in usage events. */
    public static final String MODEL_NAME = "oceum-local-writer";

    private final List<ChatModelListener> listeners;
    private final Map<String, Integer> drafts = new ConcurrentHashMap<>();

    /** A model that notifies {@code listeners} of every call. */
    public LocalWriterModel(List<ChatModelListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String prompt = firstUserText(request.messages());
        boolean toolAnswered = request.messages().stream().anyMatch(m -> m instanceof ToolExecutionResultMessage);
        AiMessage answer;
        if (prompt.startsWith("Classify")) {
            answer = AiMessage.from(categorise(prompt));
        } else if (prompt.startsWith("Write")
                && !toolAnswered
                && !request.toolSpecifications().isEmpty()) {
            ToolSpecification kb = request.toolSpecifications().stream()
                    .filter(t -> t.name().contains("Knowledge"))
                    .findFirst()
                    .orElse(request.toolSpecifications().get(0));
            answer = AiMessage.from(List.of(knowledgeBaseCall(kb, category(prompt))));
        } else if (prompt.startsWith("Write")) {
            int version = drafts.merge(prompt, 1, Integer::sum);
            String article = toolResult(request.messages());
            answer = AiMessage.from("Draft v" + version + ": Thanks for writing in. "
                    + (article.startsWith("KB-")
                            ? article.substring(article.indexOf(':') + 1).strip()
                            : "We are on it.")
                    + (version > 1 ? " We will confirm within one working day." : ""));
        } else if (prompt.startsWith("Score")) {
            answer = AiMessage.from(prompt.contains("Draft v1:") ? "0.6" : "0.9");
        } else if (prompt.startsWith("Check this reply against")) {
            answer = AiMessage.from("compliant");
        } else {
            answer = AiMessage.from("friendly");
        }
        pause(prompt.startsWith("Write") ? 25 : 12);
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(Math.max(1, chars(request.messages()) / 4), Math.max(1, chars(answer) / 4)))
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    private static ToolExecutionRequest knowledgeBaseCall(ToolSpecification tool, String category) {
        // Read the parameter name from the tool's schema: it depends on how the tools were compiled.
        String parameter =
                tool.parameters() == null || tool.parameters().properties().isEmpty()
                        ? "arg0"
                        : tool.parameters().properties().keySet().iterator().next();
        return ToolExecutionRequest.builder()
                .id("kb-1")
                .name(tool.name())
                .arguments("{\"" + parameter + "\":\"" + category + "\"}")
                .build();
    }

    private static String category(String prompt) {
        String[] words = prompt.split(" ");
        return words.length > 5 ? words[5] : "other"; // "Write a reply to this <category> ticket: ..."
    }

    private static String categorise(String ticket) {
        String text = ticket.toLowerCase(Locale.ROOT);
        if (text.contains("charged") || text.contains("refund") || text.contains("invoice")) {
            return "billing";
        }
        if (text.contains("503") || text.contains("outage")) {
            return "outage";
        }
        return text.contains("log in") || text.contains("password") ? "account" : "other";
    }

    private static String firstUserText(List<ChatMessage> messages) {
        for (ChatMessage message : messages) {
            if (message instanceof UserMessage user && user.hasSingleText()) {
                return user.singleText();
            }
        }
        return "";
    }

    private static String toolResult(List<ChatMessage> messages) {
        for (ChatMessage message : messages) {
            if (message instanceof ToolExecutionResultMessage result) {
                return result.text();
            }
        }
        return "";
    }

    private static int chars(List<ChatMessage> messages) {
        int chars = 0;
        for (ChatMessage message : messages) {
            if (message instanceof UserMessage user) {
                chars += user.hasSingleText() ? user.singleText().length() : 64;
            } else if (message instanceof ToolExecutionResultMessage result) {
                chars += result.text().length();
            } else if (message instanceof AiMessage ai) {
                chars += chars(ai);
            }
        }
        return chars;
    }

    private static int chars(AiMessage message) {
        int chars = message.text() == null ? 0 : message.text().length();
        if (message.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                chars += call.name().length() + call.arguments().length();
            }
        }
        return chars;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalWriterModel" + Map.of("model", MODEL_NAME);
    }
}
