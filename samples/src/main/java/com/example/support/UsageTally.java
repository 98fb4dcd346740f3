package com.example.support;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the tokens of every model call, for the demo's closing summary. It sits next to the
 * Oceum listener to show that listeners compose: the Oceum one never gets in the way of others.
 */
public final class UsageTally implements ChatModelListener {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong tokensIn = new AtomicLong();
    private final AtomicLong tokensOut = new AtomicLong();

    @Override
    public void onResponse(ChatModelResponseContext context) {
        calls.incrementAndGet();
        TokenUsage usage = context.chatResponse().tokenUsage();
        if (usage != null) {
            tokensIn.addAndGet(usage.inputTokenCount() == null ? 0 : usage.inputTokenCount());
            tokensOut.addAndGet(usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        }
    }

    /** Model calls seen. */
    public long calls() {
        return calls.get();
    }

    /** Input tokens summed over every call. */
    public long tokensIn() {
        return tokensIn.get();
    }

    /** Output tokens summed over every call. */
    public long tokensOut() {
        return tokensOut.get();
    }
}
