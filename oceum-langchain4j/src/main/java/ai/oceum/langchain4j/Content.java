package ai.oceum.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/** Turns LangChain4j content into short strings, only ever when the user opted in to content. */
final class Content {
    private Content() {}

    /** {@code text} cut to {@code max} characters, marked the way the core marks cut strings. */
    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…[truncated " + (text.length() - max) + " chars]";
    }

    /** {@code String.valueOf(value)}, cut; a failing {@code toString()} gives a placeholder. */
    static String describe(Object value, int max) {
        try {
            return truncate(String.valueOf(value), max);
        } catch (RuntimeException e) {
            return "[unprintable " + value.getClass().getName() + "]";
        }
    }

    /** Each argument described, cut. */
    static List<String> describeAll(List<?> values, int max) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(describe(v, max));
        }
        return out;
    }

    /** The text of a message (user, system, AI, tool result), or its {@code toString()}. */
    static String text(ChatMessage message, int max) {
        if (message == null) {
            return null;
        }
        String text;
        if (message instanceof UserMessage u) {
            text = u.hasSingleText() ? u.singleText() : String.valueOf(u.contents());
        } else if (message instanceof SystemMessage s) {
            text = s.text();
        } else if (message instanceof AiMessage a) {
            text = a.text() != null ? a.text() : String.valueOf(a.toolExecutionRequests());
        } else if (message instanceof ToolExecutionResultMessage t) {
            text = t.text();
        } else {
            text = String.valueOf(message);
        }
        return truncate(text, max);
    }

    /** The last message of a request: the newest prompt or tool result. */
    static ChatMessage last(List<ChatMessage> messages) {
        return messages == null || messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }
}
