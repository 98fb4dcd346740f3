package ai.oceum.internal.delivery;

import ai.oceum.OceumException;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.transport.AbortedException;
import ai.oceum.internal.transport.Answer;
import ai.oceum.internal.transport.NetworkFailures;
import ai.oceum.internal.transport.Transport;
import ai.oceum.internal.util.Ids;
import java.io.IOException;
import java.util.Map;

/**
 * The synchronous request/response calls (memory reads, vault): on the caller's thread, because
 * the caller asked for the answer, with the same retry rule as telemetry ({@link RetryPolicy}).
 * Messages name the call, where it was sent and why it failed, in the background sender's words
 * ({@link NetworkFailures}), never the request body (vault data) or the key.
 *
 * <p>Thread-safe: it holds no state of its own between calls.
 */
public final class Requests {
    private final Transport transport;
    private final RetryPolicy retryPolicy;
    private final NetworkFailures failures;
    private final Clock clock;
    private final String agentId;

    public Requests(
            Transport transport, RetryPolicy retryPolicy, NetworkFailures failures, Clock clock, String agentId) {
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.failures = failures;
        this.clock = clock;
        this.agentId = agentId;
    }

    /** GET a read endpoint and return its JSON object. */
    public Map<String, Object> get(String pathAndQuery, String what) {
        return execute(new Call(what, pathAndQuery, null, null));
    }

    /** POST one webhook event and return Oceum's answer. */
    public Map<String, Object> post(String event, Map<String, Object> data, String what) {
        String id = Ids.newId();
        byte[] body = SafeJson.envelope(event, agentId, id, clock.currentTimeMillis(), data);
        return execute(new Call(what, Transport.WEBHOOK_PATH, body, id));
    }

    /** One request, sent again as it is on every attempt. */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: it only carries one request's parts
    private record Call(String what, String path, byte[] body, String idempotencyKey) {
        Answer send(Transport transport) throws IOException, InterruptedException {
            return body == null ? transport.getNow(path) : transport.postNow(path, body, idempotencyKey);
        }
    }

    private Map<String, Object> execute(Call call) {
        int attempts = 0;
        while (true) {
            attempts++;
            long waitNanos;
            String problem;
            try {
                Answer answer = call.send(transport);
                RetryPolicy.Verdict verdict = RetryPolicy.classify(answer.status());
                if (verdict == RetryPolicy.Verdict.SUCCESS) {
                    return SafeJson.parseObject(answer.body());
                }
                if (verdict != RetryPolicy.Verdict.RETRY || !retryPolicy.mayRetry(attempts)) {
                    throw refused(call.what(), answer);
                }
                waitNanos = retryPolicy.waitBeforeRetry(answer, attempts, clock.currentTimeMillis());
                problem = "HTTP " + answer.status();
            } catch (AbortedException closed) {
                throw new OceumException(
                        "Oceum " + call.what() + " failed for agent '" + agentId + "': the client is closed",
                        0,
                        "",
                        null,
                        closed);
            } catch (IOException e) {
                if (!retryPolicy.mayRetry(attempts)) {
                    throw unreachable(call, attempts, e);
                }
                waitNanos = retryPolicy.backoffNanos(attempts);
                problem = failures.describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OceumException("Oceum " + call.what() + " was interrupted", 0, "", null, e);
            }
            try {
                clock.sleepNanos(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OceumException(
                        "Oceum " + call.what() + " was interrupted while waiting to retry (" + problem + ")",
                        0,
                        "",
                        null,
                        e);
            }
        }
    }

    /**
     * No answer after the last attempt: where the call went (the URL without its query, which may
     * carry a tag) and why, in the words of the background sender's warning.
     */
    private OceumException unreachable(Call call, int attempts, IOException e) {
        String path = call.path();
        int query = path.indexOf('?');
        String where =
                transport.uri(query < 0 ? path : path.substring(0, query)).toString();
        return new OceumException(
                "Oceum " + call.what() + " failed for agent '" + agentId + "' at " + where + " after " + attempts
                        + (attempts == 1 ? " attempt: " : " attempts: ") + failures.describe(e) + failures.hint(e),
                0,
                "",
                null,
                e);
    }

    private OceumException refused(String what, Answer answer) {
        Object error = SafeJson.parseObject(answer.body()).get("error");
        String detail = error == null ? "" : ": " + SafeJson.truncate(error.toString(), 300);
        return new OceumException(
                "Oceum " + what + " failed for agent '" + agentId + "': HTTP " + answer.status() + detail,
                answer.status(),
                answer.body(),
                null,
                null);
    }
}
