package ai.oceum.internal.delivery;

import ai.oceum.OceumException;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.util.Ids;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The synchronous request/response calls (memory reads, vault): on the caller's thread, because
 * the caller asked for the answer, with the same retry rules as telemetry. Messages name the
 * call and the status, never the request body (vault data) or the key.
 */
public final class Requests {
    private static final String WEBHOOK_PATH = "/api/webhook";

    private final HttpTransport transport;
    private final RetryPolicy retryPolicy;
    private final String agentId;

    public Requests(HttpTransport transport, RetryPolicy retryPolicy, String agentId) {
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.agentId = agentId;
    }

    /** GET a read endpoint and return its JSON object. */
    public Map<String, Object> get(String pathAndQuery, String what) {
        return execute(transport.get(pathAndQuery), what);
    }

    /** POST one webhook event and return Oceum's answer. */
    public Map<String, Object> post(String event, Map<String, Object> data, String what) {
        String id = Ids.newId();
        byte[] body = SafeJson.envelope(event, agentId, id, System.currentTimeMillis(), data);
        return execute(transport.post(WEBHOOK_PATH, body, id), what);
    }

    private Map<String, Object> execute(HttpRequest request, String what) {
        int attempts = 0;
        while (true) {
            attempts++;
            long waitNanos;
            String problem;
            try {
                HttpResponse<String> response = transport.send(request);
                int status = response.statusCode();
                RetryPolicy.Verdict verdict = RetryPolicy.classify(status);
                if (verdict == RetryPolicy.Verdict.SUCCESS) {
                    return SafeJson.parseObject(response.body());
                }
                if (verdict != RetryPolicy.Verdict.RETRY || !retryPolicy.mayRetry(attempts)) {
                    throw failure(what, status, response.body(), null);
                }
                waitNanos = status == 429
                        ? retryPolicy.retryAfterNanos(response.headers(), attempts, System.currentTimeMillis())
                        : retryPolicy.backoffNanos(attempts);
                problem = "HTTP " + status;
            } catch (HttpTransport.AbortedException closed) {
                throw new OceumException("Oceum " + what + " failed for agent '" + agentId + "': the client is closed",
                        0, "", null, closed);
            } catch (IOException e) {
                if (!retryPolicy.mayRetry(attempts)) {
                    throw new OceumException("Oceum " + what + " failed for agent '" + agentId + "' after "
                            + attempts + " attempts: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0, "", null, e);
                }
                waitNanos = retryPolicy.backoffNanos(attempts);
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OceumException("Oceum " + what + " was interrupted", 0, "", null, e);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OceumException("Oceum " + what + " was interrupted while waiting to retry (" + problem + ")",
                        0, "", null, e);
            }
        }
    }

    private OceumException failure(String what, int status, String body, Throwable cause) {
        Object error = SafeJson.parseObject(body).get("error");
        String detail = error == null ? "" : ": " + SafeJson.truncate(error.toString(), 300);
        return new OceumException("Oceum " + what + " failed for agent '" + agentId + "': HTTP " + status + detail,
                status, body, null, cause);
    }
}
