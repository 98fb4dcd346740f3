package ai.oceum.springai;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * The accessors that exist only in Spring AI 2.0: this module is compiled against 1.1, so they are
 * looked up once, and on 1.1 each answers null. Thread-safe.
 */
final class SpringAiCompat {
    private static final MethodHandle IS_STREAMING =
            find(ChatModelObservationContext.class, "isStreaming", boolean.class);
    private static final MethodHandle CACHE_READ = find(Usage.class, "getCacheReadInputTokens", Long.class);
    private static final MethodHandle CACHE_WRITE = find(Usage.class, "getCacheWriteInputTokens", Long.class);
    private static final MethodHandle TOOL_CALL_ID =
            find(ToolCallingObservationContext.class, "getToolCallId", String.class);

    private SpringAiCompat() {}

    /** Whether this is Spring AI 2.0 or later (the model context tells whether it streams). */
    static boolean isSpringAi2() {
        return IS_STREAMING != null;
    }

    /** Spring AI 2.0's own answer to "is this model call streamed?"; null on 1.1. */
    static Boolean isStreaming(ChatModelObservationContext context) {
        if (IS_STREAMING == null) {
            return null;
        }
        try {
            return (boolean) IS_STREAMING.invoke(context);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Prompt tokens read from the provider's cache (Spring AI 2.0), or null. */
    static Long cacheReadInputTokens(Usage usage) {
        return longOf(CACHE_READ, usage);
    }

    /** Prompt tokens written to the provider's cache (Spring AI 2.0), or null. */
    static Long cacheWriteInputTokens(Usage usage) {
        return longOf(CACHE_WRITE, usage);
    }

    /** The provider's id of a tool call (Spring AI 2.0, for example {@code call_1}), or null. */
    static String toolCallId(ToolCallingObservationContext context) {
        if (TOOL_CALL_ID == null) {
            return null;
        }
        try {
            return (String) TOOL_CALL_ID.invoke(context);
        } catch (Throwable t) {
            return null;
        }
    }

    private static Long longOf(MethodHandle handle, Usage usage) {
        if (handle == null || usage == null) {
            return null;
        }
        try {
            return (Long) handle.invoke(usage);
        } catch (Throwable t) {
            return null;
        }
    }

    private static MethodHandle find(Class<?> type, String name, Class<?> returnType) {
        try {
            return MethodHandles.publicLookup().findVirtual(type, name, MethodType.methodType(returnType));
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
            return null;
        }
    }
}
