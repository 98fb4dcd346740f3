package ai.oceum.springai;

import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/** Turns Spring AI content into short strings, only ever when the user opted in to content. */
final class Content {
    private Content() {}

    /** {@code text} cut to {@code max} characters, marked the way the core marks cut strings. */
    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…[truncated " + (text.length() - max) + " chars]";
    }

    /**
     * The text of a message; for an answer asking for tools, the calls ({@code name(arguments), ...});
     * for tool results, the results.
     */
    static String text(Message message, int max) {
        if (message == null) {
            return null;
        }
        String text = message.getText();
        if ((text == null || text.isEmpty()) && message instanceof AssistantMessage a && a.hasToolCalls()) {
            StringBuilder calls = new StringBuilder();
            for (AssistantMessage.ToolCall call : a.getToolCalls()) {
                calls.append(calls.length() == 0 ? "" : ", ")
                        .append(call.name())
                        .append('(')
                        .append(call.arguments())
                        .append(')');
            }
            text = calls.toString();
        } else if ((text == null || text.isEmpty()) && message instanceof ToolResponseMessage t) {
            StringBuilder results = new StringBuilder();
            for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                results.append(results.length() == 0 ? "" : ", ").append(r.responseData());
            }
            text = results.toString();
        }
        return truncate(text, max);
    }

    /** The last message of a request: the newest prompt or tool result. */
    static Message last(Prompt prompt) {
        List<Message> messages = prompt == null ? null : prompt.getInstructions();
        return messages == null || messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    /** The last message of {@code type} in a request, or null. */
    static Message last(Prompt prompt, MessageType type) {
        List<Message> messages = prompt == null ? null : prompt.getInstructions();
        if (messages == null) {
            return null;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m != null && m.getMessageType() == type) {
                return m;
            }
        }
        return null;
    }

    /** The answer's message, or null. */
    static AssistantMessage answer(ChatResponse response) {
        return response == null || response.getResult() == null
                ? null
                : response.getResult().getOutput();
    }
}
