package ai.oceum.devserver.http;

import ai.oceum.devserver.vault.VaultService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /api/vault?category=&status=&limit=&agentId=}: entries' metadata, never a secret;
 * with {@code agentId}, only the entries that agent may use (see {@link VaultService#list}).
 */
public final class VaultListHandler extends JsonHandler {
    private static final int DEFAULT_LIMIT = 50;

    private final ApiKeyCheck keys;
    private final VaultService vault;

    /** A handler. */
    public VaultListHandler(ApiKeyCheck keys, VaultService vault, ObjectMapper mapper) {
        super("GET", mapper);
        this.keys = keys;
        this.vault = vault;
    }

    @Override
    Result respond(HttpExchange ex) throws IOException {
        keys.require(ex);
        Map<String, String> q = HttpIo.query(ex);
        return ok(vault.list(
                HttpIo.param(q, "category"),
                HttpIo.param(q, "status"),
                HttpIo.limit(q, DEFAULT_LIMIT),
                HttpIo.param(q, "agentId")));
    }
}
