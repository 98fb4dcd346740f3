package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumStats;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.util.ThrottledLogger;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Says what went wrong with delivery in words a user can act on: where the SDK tried (the webhook
 * URL, which never holds the key or user info: the builder refuses user info) and why (connection
 * refused, unknown host, timeout, TLS). The first failure is logged at once, later ones at most
 * every 30 s; the last one is repeated in the summary that {@code close()} logs.
 *
 * <p>Thread-safe.
 */
final class DeliveryProblems {
    private final String agentId;
    private final URI target;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ThrottledLogger warnings;
    private volatile String last;

    DeliveryProblems(String agentId, URI target, Duration connectTimeout, Duration requestTimeout, ThrottledLogger warnings) {
        this.agentId = agentId;
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.warnings = warnings;
    }

    /** The URL events are posted to. */
    String target() {
        return target.toString();
    }

    /** A request failed without an answer: remembered, and warned about (rate-limited). */
    String failed(Throwable error) {
        Throwable t = unwrap(error);
        String why = describe(t);
        if (t instanceof HttpTransport.AbortedException) {
            return why; // the client's own close, not a problem of the receiver
        }
        last = why + " at " + target;
        warnings.warn("network", "Oceum could not deliver events for agent '" + agentId + "' to " + target + ": "
                + why + hint(t) + "; retrying (see stats())");
        return why;
    }

    /** An answer that is not a success: remembered for the close summary. */
    void answered(int status) {
        String what = status == 401 || status == 403 ? " (API key refused)" : status == 429 ? " (rate limited)" : "";
        last = "HTTP " + status + what + " from " + target;
    }

    /** The warning for a refused API key (401/403), said once per failure period. */
    String keyRefused(int status, boolean keptInSpool) {
        return "Oceum refused the API key for agent '" + agentId + "' at " + target + " (HTTP " + status + "). "
                + (keptInSpool ? "Events are kept in the spool directory and sending is paused until the key works:"
                        + " fix OCEUM_API_KEY and restart; the next client on that directory delivers them."
                        : "Events are dropped until the key is fixed: check OCEUM_API_KEY.")
                + " Check that this key may report for this agent.";
    }

    /**
     * What {@code close()} logs: nothing when every event was delivered; otherwise what was
     * dropped or left in the spool, and the last delivery problem.
     */
    String closeSummary(OceumStats s) {
        if (s.droppedTotal() == 0 && s.spooled() == 0) {
            return null;
        }
        StringBuilder b = new StringBuilder("Oceum client for agent '").append(agentId).append("' closed: ")
                .append(s.sent()).append(" events sent");
        if (s.droppedTotal() > 0) {
            StringJoiner reasons = new StringJoiner(", ", " (", ")");
            for (Map.Entry<DropReason, Long> e : s.dropped().entrySet()) {
                if (e.getValue() > 0) {
                    reasons.add(e.getKey() + " " + e.getValue());
                }
            }
            b.append(", ").append(s.droppedTotal()).append(" dropped").append(reasons);
        }
        if (s.spooled() > 0) {
            b.append(", ").append(s.spooled()).append(" kept in the spool for the next client");
        }
        String problem = last;
        if (problem != null) {
            b.append("; last delivery problem: ").append(problem);
        }
        return b.append(" (see stats())").toString();
    }

    /** A short reason: "connection refused", "unknown host 'x'", "no answer within …", "TLS failed (…)". */
    String describe(Throwable error) {
        Throwable t = unwrap(error);
        // The specific cause first: the JDK wraps an unknown host in a ConnectException, for one.
        boolean refused = false;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
            if (c instanceof HttpTransport.AbortedException) {
                return c.getMessage();
            }
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unknown host '" + target.getHost() + "'";
            }
            if (c instanceof HttpConnectTimeoutException) {
                return "no connection within the connect timeout of " + seconds(connectTimeout);
            }
            if (c instanceof HttpTimeoutException) {
                return "no answer within the request timeout of " + seconds(requestTimeout);
            }
            if (c instanceof SSLException) {
                return "TLS failed (" + c.getClass().getSimpleName() + message(c) + ")";
            }
            if (c instanceof ConnectException) {
                String m = c.getMessage();
                refused |= m == null || m.toLowerCase(java.util.Locale.ROOT).contains("refused");
            }
        }
        return refused ? "connection refused" : t.getClass().getSimpleName() + message(t);
    }

    private String hint(Throwable t) {
        String why = describe(t);
        if (why.equals("connection refused")) {
            return " (nothing listens there: is the receiver running, and is OCEUM_BASE_URL right?)";
        }
        if (why.startsWith("unknown host")) {
            return " (the name does not resolve: check the host in OCEUM_BASE_URL)";
        }
        if (why.startsWith("TLS")) {
            return " (an https:// URL for a plain http:// server, or a certificate this JVM does not trust?)";
        }
        return "";
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? "" : ": " + SafeJson.truncate(m, 200);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
