package ai.oceum.springai;

import java.lang.ref.WeakReference;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Undoes Spring AI 1.1's cumulative token counts in a model's own tool loop, so that each model
 * call is billed for its own tokens only.
 *
 * <p>In Spring AI 1.1 a chat model that runs tools itself calls itself again with the tool
 * results and the previous answer ({@code internalCall(prompt, previousChatResponse)}), and that
 * next call reports the previous call's usage <em>plus</em> its own
 * ({@code UsageCalculator.getCumulativeUsage}). On 1.1 such a continuation is recognised by its
 * request carrying the very options object of the previous request (the loop passes
 * {@code prompt.getOptions()} on, where every new call through {@code ChatModel.call} copies
 * them) and by counts at least the previous ones. Spring AI 2.0 reports each call on its own (its
 * {@code ToolCallingAdvisor} does reuse one options object across the calls of a loop), so
 * nothing is corrected there.
 *
 * <p>One chain per {@code ChatClient} call (or per thread for model calls outside any). Only weak
 * references to Spring AI's objects are kept. Thread-safe.
 */
final class UsageChain {
    private WeakReference<Object> lastOptions;
    private long lastIn;
    private long lastOut;

    /**
     * This model call's own tokens: {@code {in, out}}, and whether they were corrected.
     *
     * @param request the model call's request
     * @param in the input tokens Spring AI reported for it
     * @param out the output tokens Spring AI reported for it
     */
    Own own(Prompt request, long in, long out) {
        return SpringAiCompat.isSpringAi2() ? new Own(in, out, false) : ownOnSpringAi1(request, in, out);
    }

    private synchronized Own ownOnSpringAi1(Prompt request, long in, long out) {
        Object options = request == null ? null : request.getOptions();
        Object previous = lastOptions == null ? null : lastOptions.get();
        boolean continuation =
                options != null && options == previous && in >= lastIn && out >= lastOut && (lastIn > 0 || lastOut > 0);
        Own own = continuation ? new Own(in - lastIn, out - lastOut, true) : new Own(in, out, false);
        if (options != null) {
            lastOptions = options == previous ? lastOptions : new WeakReference<>(options);
            lastIn = in;
            lastOut = out;
        }
        return own;
    }

    /** A model call's own tokens. */
    record Own(long in, long out, boolean corrected) {}
}
