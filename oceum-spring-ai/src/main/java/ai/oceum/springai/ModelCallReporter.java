package ai.oceum.springai;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.observation.AiOperationMetadata;

/**
 * Turns each {@code gen_ai.client.operation} observation (one model call) into one {@code usage}
 * event, or one {@code error} event when it failed. The contexts carry no duration: it is timed
 * here, from start to stop. Thread-safe; all state is in the observation's context.
 */
final class ModelCallReporter {
    static final String SOURCE = "spring-ai";
    /** Spring AI's provider names as Oceum spells them (a handful). */
    private static final ConcurrentHashMap<String, String> PROVIDERS = new ConcurrentHashMap<>();
    /**
     * The last provider spelled: an application talks to one provider, whose name is the same
     * constant string every call, so this is one identity check instead of a map lookup.
     */
    private static volatile Spelled lastProvider;
    /** The chain of model calls made outside any {@code ChatClient} call, per thread (Spring AI 1.1's own tool loop). */
    private static final ThreadLocal<UsageChain> THREAD_CHAIN = ThreadLocal.withInitial(UsageChain::new);

    private final Supplier<Oceum> client;
    private final OceumSpringAiOptions options;
    private final Diagnostics diagnostics;

    ModelCallReporter(Supplier<Oceum> client, OceumSpringAiOptions options, Diagnostics diagnostics) {
        this.client = client;
        this.options = options;
        this.diagnostics = diagnostics;
    }

    void started(ChatModelObservationContext context) {
        long now = options.nanoTime();
        ClientCall call = Observations.enclosingCall(context);
        if (call != null && !call.modelCallStarted()) {
            call = null; // the ChatClient call already ended: report this one on its own
        }
        String provider = provider(context.getOperationMetadata());
        TaskScope task;
        UsageChain chain;
        if (call != null) {
            call.touch(now);
            call.modelCallTarget(provider, requestedModel(context.getRequest()));
            task = call.task;
            chain = call.usageChain;
        } else {
            ModelCall outer = Observations.enclosingModelCall(context);
            task = outer != null ? outer.task() : TaskScope.current().orElse(null);
            chain = outer != null ? outer.chain() : THREAD_CHAIN.get();
        }
        context.put(ModelCall.class, new ModelCall(call, task, now, Thread.currentThread(), chain, provider));
    }

    void stopped(ChatModelObservationContext context) {
        ModelCall mc = context.get(ModelCall.class);
        if (mc == null) {
            // Started before this handler was registered: report it without a duration, on its own.
            mc = new ModelCall(null, null, -1, null, new UsageChain(), provider(context.getOperationMetadata()));
        }
        try {
            report(context, mc);
        } finally {
            if (mc.call() != null) {
                mc.call().modelCallStopped();
            }
        }
    }

    private void report(ChatModelObservationContext context, ModelCall mc) {
        long now = options.nanoTime();
        if (mc.call() != null) {
            mc.call().touch(now);
        }
        Duration duration = mc.startNanos() < 0 ? null : Duration.ofNanos(now - mc.startNanos());
        String provider = mc.provider(); // the metadata is the same object from start to stop
        Oceum oceum = mc.task() != null ? mc.task().client() : client.get();
        Throwable error = context.getError();
        if (error != null) {
            oceum.error(ErrorReport.builder(null)
                    .throwable(Failures.unwrap(error))
                    .meta(errorMeta(error, context.getRequest(), provider, duration, streaming(context, mc)))
                    .task(mc.task())
                    .taskFromContext(false)
                    .build());
            return;
        }
        ChatResponse response = context.getResponse();
        Usage usage = usage(context, mc, response, provider, duration);
        oceum.reportUsage(usage, mc.task());
        if (mc.call() != null) {
            mc.call().modelAnswered(usage.tokensInput(), usage.tokensOutput(), usage.reported());
        }
        if (!usage.reported()
                && response != null
                && Boolean.TRUE.equals(usage.meta().get("streaming"))
                && !SpringAiCompat.isSpringAi2()) {
            diagnostics.warn(
                    "stream-usage",
                    "A streamed Spring AI model call (provider " + provider + ") answered "
                            + "without token counts, so Oceum reported it with usageReported=false. Spring AI 1.1 does not ask "
                            + "for usage on streamed calls unless told to: set spring.ai.openai.chat.options.stream-usage=true "
                            + "(OpenAiChatOptions.builder().streamUsage(true) without Spring Boot), or your provider's "
                            + "equivalent.");
        }
    }

    private Usage usage(
            ChatModelObservationContext context,
            ModelCall mc,
            ChatResponse response,
            String provider,
            Duration duration) {
        Prompt request = context.getRequest();
        String requested = requestedModel(request);
        String answered = response == null || response.getMetadata() == null
                ? null
                : response.getMetadata().getModel();
        String model = answered != null && !answered.isEmpty() ? answered : requested;
        org.springframework.ai.chat.metadata.Usage u = response == null || response.getMetadata() == null
                ? null
                : response.getMetadata().getUsage();
        Integer in = u == null ? null : u.getPromptTokens();
        Integer out = u == null ? null : u.getCompletionTokens();
        // Spring AI reports "no usage" as null counts, or (1.1 streams that did not ask for it) as zeros.
        boolean reported = (in != null && in > 0) || (out != null && out > 0);
        long ownIn = in == null ? 0 : in;
        long ownOut = out == null ? 0 : out;
        Usage.Builder b =
                Usage.builder().model(model == null ? "unknown" : model).provider(provider);
        if (reported) {
            UsageChain.Own own = mc.chain().own(request, ownIn, ownOut);
            ownIn = own.in();
            ownOut = own.out();
            if (own.corrected()) {
                b.meta("cumulativeTokensInput", in == null ? 0 : in.longValue());
                b.meta("cumulativeTokensOutput", out == null ? 0 : out.longValue());
            }
        }
        b.tokensInput(ownIn)
                .tokensOutput(ownOut)
                .reported(reported)
                .duration(duration)
                .meta("source", SOURCE);
        String finish = finishReason(response);
        if (finish != null) {
            b.finishReason(finish);
        }
        if (requested != null && model != null && !requested.equals(model)) {
            b.meta("requestedModel", requested);
        }
        Long cacheRead = SpringAiCompat.cacheReadInputTokens(u);
        if (cacheRead != null && cacheRead > 0) {
            b.meta("cacheReadInputTokens", cacheRead);
        }
        Long cacheWrite = SpringAiCompat.cacheWriteInputTokens(u);
        if (cacheWrite != null && cacheWrite > 0) {
            b.meta("cacheWriteInputTokens", cacheWrite);
        }
        AssistantMessage answer = Content.answer(response);
        if (answer != null && answer.hasToolCalls()) {
            b.meta("toolCallsRequested", answer.getToolCalls().size());
        }
        if (streaming(context, mc)) {
            b.meta("streaming", true);
        }
        if (response == null) {
            b.meta("cancelled", true); // no answer and no error: a stream cancelled before its end
        }
        if (options.includeContent()) {
            b.meta("prompt", Content.text(Content.last(request), options.maxContentLength()));
            b.meta("answer", Content.text(answer, options.maxContentLength()));
        }
        return b.build();
    }

    /** Spring AI 2.0 says so; on 1.1, a call inside a {@code ChatClient} stream, or one that ended on another thread. */
    private static boolean streaming(ChatModelObservationContext context, ModelCall mc) {
        Boolean said = SpringAiCompat.isStreaming(context);
        if (said != null) {
            return said;
        }
        if (mc.call() != null) {
            return mc.call().stream;
        }
        return mc.startThread() != null && mc.startThread() != Thread.currentThread();
    }

    private static String finishReason(ChatResponse response) {
        if (response == null || response.getResult() == null) {
            return null;
        }
        ChatGenerationMetadata metadata = response.getResult().getMetadata();
        String reason = metadata == null ? null : metadata.getFinishReason();
        return reason == null || reason.isEmpty() ? null : reason.toUpperCase(Locale.ROOT);
    }

    static String requestedModel(Prompt request) {
        return request == null || request.getOptions() == null
                ? null
                : request.getOptions().getModel();
    }

    /**
     * The provider as Oceum prices it, from Spring AI's {@code AiProvider} value: lower case with
     * {@code -} for {@code _} ({@code mistral_ai} → {@code mistral-ai}); the OpenAI SDK flavour is
     * {@code openai}.
     */
    @SuppressWarnings("ReferenceEquality") // the very string of the last call: a fast path; the map follows
    static String provider(AiOperationMetadata metadata) {
        String p = metadata == null ? null : metadata.provider();
        if (p == null || p.isEmpty()) {
            return null;
        }
        Spelled last = lastProvider;
        if (last != null && last.raw() == p) {
            return last.name();
        }
        String name = lookUpProvider(p);
        lastProvider = new Spelled(p, name);
        return name;
    }

    /** A provider as Spring AI gives it and as Oceum spells it. */
    private record Spelled(String raw, String name) {}

    private static String lookUpProvider(String p) {
        String name = PROVIDERS.get(p);
        if (name == null) {
            name = p.toLowerCase(Locale.ROOT).replace('_', '-');
            name = name.equals("openai-sdk") ? "openai" : name;
            if (PROVIDERS.size() < 256) {
                PROVIDERS.put(p, name);
            }
        }
        return name;
    }

    /** The meta of a failed call: where, which model, how long, and the HTTP status or timeout if any. */
    private static Map<String, Object> errorMeta(
            Throwable error, Prompt request, String provider, Duration duration, boolean streaming) {
        Map<String, Object> meta = new LinkedHashMap<>(8);
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
        if (streaming) {
            meta.put("streaming", true);
        }
        Failures.describe(error, meta);
        return meta;
    }
}
