package com.example.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.publisher.Flux;

/**
 * An offline, deterministic Spring AI 2.0 chat model for the sample: no network, no key, the
 * same answers every run. Like a hosted model it is observed as {@code gen_ai.client.operation}
 * on the registry it is given and answers with token usage, so Oceum reports it as it would a
 * real one. Asked about an order while a tool is offered, it asks for {@code lookupOrder}, then
 * answers from the tool's result; it streams an answer in two chunks.
 */
final class OfflineSupportModel implements ChatModel {
    static final String MODEL_NAME = "oceum-offline-support";
    private static final Pattern ORDER = Pattern.compile("\\b([A-Z]-\\d{4})\\b");
    private static final DefaultChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

    private final ObservationRegistry registry;

    OfflineSupportModel(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().model(MODEL_NAME).build();
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        ChatModelObservationContext context = ChatModelObservationContext.builder()
                .prompt(prompt)
                .provider("spring_ai")
                .build();
        return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
                .observation(null, CONVENTION, () -> context, registry)
                .observe(() -> {
                    ChatResponse answer = answer(prompt);
                    context.setResponse(answer);
                    return answer;
                });
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.deferContextual(reactor -> {
            ChatModelObservationContext context = ChatModelObservationContext.builder()
                    .prompt(prompt)
                    .provider("spring_ai")
                    .streaming(true)
                    .build();
            Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(
                    null, CONVENTION, () -> context, registry);
            observation
                    .parentObservation(reactor.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                    .start();
            ChatResponse answer = answer(prompt);
            String text = answer.getResult().getOutput().getText();
            int half = text.length() / 2;
            return Flux.just(chunk(text.substring(0, half), null), chunk(text.substring(half), answer))
                    .doOnComplete(() -> context.setResponse(answer))
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop());
        });
    }

    private static ChatResponse answer(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        Message last = messages.get(messages.size() - 1);
        List<ToolCallback> tools =
                prompt.getOptions() instanceof ToolCallingChatOptions options ? options.getToolCallbacks() : List.of();
        Matcher order = ORDER.matcher(last.getText() == null ? "" : last.getText());
        int tokensIn = 40 + 12 * messages.size();
        if (last instanceof ToolResponseMessage result) {
            String data = result.getResponses().get(0).responseData();
            String reply = data.toLowerCase(Locale.ROOT).contains("error") || data.contains("unavailable")
                    ? "I could not reach the order system just now; a colleague will email you within the hour."
                    : "Good news: " + data.replace("\"", "") + ".";
            return response(new AssistantMessage(reply), "STOP", tokensIn, 24);
        }
        if (order.find()
                && tools.stream().anyMatch(t -> t.getToolDefinition().name().equals("lookupOrder"))) {
            AssistantMessage ask = AssistantMessage.builder()
                    .content("")
                    .toolCalls(List.of(new AssistantMessage.ToolCall(
                            "call-" + order.group(1),
                            "function",
                            "lookupOrder",
                            "{\"orderId\":\"" + order.group(1) + "\"}")))
                    .build();
            return response(ask, "TOOL_CALLS", tokensIn, 18);
        }
        String text = last.getText() == null ? "" : last.getText().toLowerCase(Locale.ROOT);
        String reply = text.contains("invoice") || text.contains("pay")
                ? "Yes: business customers can pay by invoice within 30 days; choose it at checkout."
                : text.contains("open")
                        ? "We are open Monday to Friday, 9:00 to 18:00 CET."
                        : "Thanks for your message; a colleague will get back to you today.";
        return response(new AssistantMessage(reply), "STOP", tokensIn, 16);
    }

    private static ChatResponse response(AssistantMessage message, String finishReason, int tokensIn, int tokensOut) {
        return ChatResponse.builder()
                .generations(List.of(new Generation(
                        message,
                        ChatGenerationMetadata.builder()
                                .finishReason(finishReason)
                                .build())))
                .metadata(ChatResponseMetadata.builder()
                        .id("offline")
                        .model(MODEL_NAME)
                        .usage(new DefaultUsage(tokensIn, tokensOut))
                        .build())
                .build();
    }

    /** One streamed chunk; the last carries the usage and finish reason. */
    private static ChatResponse chunk(String text, ChatResponse last) {
        if (last == null) {
            return ChatResponse.builder()
                    .generations(List.of(new Generation(new AssistantMessage(text))))
                    .metadata(ChatResponseMetadata.builder()
                            .id("offline")
                            .model(MODEL_NAME)
                            .build())
                    .build();
        }
        return ChatResponse.builder()
                .generations(List.of(new Generation(
                        new AssistantMessage(text), last.getResult().getMetadata())))
                .metadata(last.getMetadata())
                .build();
    }
}
