package ai.oceum.langchain4j;

import ai.oceum.Usage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What one model call is reported as: the {@link Usage} of an answer, the meta of a failure. */
final class ModelCalls {
    static final String SOURCE = "langchain4j";
    /** {@link #provider} per constant, spelled once rather than lower-cased per model call. */
    private static final Map<ModelProvider, String> PROVIDERS = providerNames();

    private ModelCalls() {}

    /**
     * The provider as Oceum prices it: {@code OPEN_AI} → {@code openai}, {@code MISTRAL_AI} →
     * {@code mistral-ai}; a user's own model ({@code OTHER}) → {@code other}.
     */
    static String provider(ModelProvider provider) {
        return provider == null ? null : PROVIDERS.get(provider);
    }

    private static Map<ModelProvider, String> providerNames() {
        Map<ModelProvider, String> names = new EnumMap<>(ModelProvider.class);
        for (ModelProvider p : ModelProvider.values()) {
            names.put(
                    p,
                    switch (p.name()) {
                        case "OPEN_AI" -> "openai";
                        case "AZURE_OPEN_AI" -> "azure-openai";
                        default -> p.name().toLowerCase(Locale.ROOT).replace('_', '-');
                    });
        }
        return names;
    }

    /** The model asked for, or null. */
    static String requestedModel(ChatRequest request) {
        return request == null ? null : request.modelName();
    }

    /** One answered call: model as answered, tokens (or {@code usageReported:false}), finish reason. */
    static Usage usage(
            ChatResponse response,
            ChatRequest request,
            String provider,
            Duration duration,
            OceumLangChain4jOptions options) {
        String requested = requestedModel(request);
        String model = response.modelName() != null ? response.modelName() : requested;
        TokenUsage tokens = response.tokenUsage();
        Integer in = tokens == null ? null : tokens.inputTokenCount();
        Integer out = tokens == null ? null : tokens.outputTokenCount();
        Usage.Builder b = Usage.builder()
                .model(model == null ? "unknown" : model)
                .provider(provider)
                .tokensInput(in == null ? 0 : in)
                .tokensOutput(out == null ? 0 : out)
                .reported(in != null || out != null)
                .finishReason(
                        response.finishReason() == null
                                ? null
                                : response.finishReason().name())
                .duration(duration)
                .meta("source", SOURCE);
        if (requested != null && !requested.equals(model)) {
            b.meta("requestedModel", requested);
        }
        if (response.aiMessage() != null && response.aiMessage().hasToolExecutionRequests()) {
            b.meta(
                    "toolCallsRequested",
                    response.aiMessage().toolExecutionRequests().size());
        }
        if (options.includeContent()) {
            if (request != null) {
                b.meta("prompt", Content.text(Content.last(request.messages()), options.maxContentLength()));
            }
            b.meta("answer", Content.text(response.aiMessage(), options.maxContentLength()));
        }
        return b.build();
    }

    /** The meta of a failed call: where, which model, how long, and the HTTP status or timeout if any. */
    static Map<String, Object> errorMeta(Throwable error, ChatRequest request, String provider, Duration duration) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", SOURCE + ".model");
        if (provider != null) {
            meta.put("provider", provider);
        }
        String model = requestedModel(request);
        if (model != null) {
            meta.put("model", model);
        }
        if (duration != null) {
            meta.put("durationMs", duration.toMillis());
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && !meta.containsKey("httpStatus")) {
                meta.put("httpStatus", http.statusCode());
            }
            if (isTimeout(t)) {
                meta.put("timeout", true);
            }
        }
        return meta;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof dev.langchain4j.exception.TimeoutException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.http.HttpTimeoutException;
    }
}
