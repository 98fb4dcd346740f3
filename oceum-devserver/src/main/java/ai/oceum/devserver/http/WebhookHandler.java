package ai.oceum.devserver.http;

import ai.oceum.devserver.processing.EventProcessor;
import ai.oceum.devserver.protocol.EnvelopeParser;
import ai.oceum.devserver.protocol.IncomingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** {@code POST /api/webhook}: key check, size limit, parse (either dialect), process. */
public final class WebhookHandler extends JsonHandler {
    private final ApiKeyCheck keys;
    private final EnvelopeParser parser;
    private final EventProcessor processor;
    private final int maxBodyBytes;

    /** A handler. */
    public WebhookHandler(
            ApiKeyCheck keys, EnvelopeParser parser, EventProcessor processor, int maxBodyBytes, ObjectMapper mapper) {
        super("POST", mapper);
        this.keys = keys;
        this.parser = parser;
        this.processor = processor;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    Result respond(HttpExchange ex) throws IOException {
        keys.require(ex);
        byte[] body = HttpIo.body(ex, maxBodyBytes);
        IncomingEvent event =
                parser.parse(body, ex.getRequestHeaders().getFirst("Idempotency-Key"), System.currentTimeMillis());
        EventProcessor.Answer answer = processor.process(event);
        if (answer.replayed()) {
            ex.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        return new Result(answer.status(), answer.json());
    }
}
