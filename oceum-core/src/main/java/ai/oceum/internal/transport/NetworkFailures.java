package ai.oceum.internal.transport;

import ai.oceum.internal.json.SafeJson;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * The one place that words why a request got no answer, for the background sender's warnings
 * and the synchronous calls' exceptions alike: "connection refused", "unknown host 'x'",
 * "no answer within the request timeout of 10 s", "TLS failed (…)", each with a hint of what to
 * check. Never mentions the key: the URLs it is given hold no user info (the builder refuses it).
 *
 * <p>Immutable and thread-safe.
 */
public final class NetworkFailures {
    private final String host;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /**
     * @param baseUrl the receiver's base URL (its host is named for an unknown host)
     * @param connectTimeout the connect timeout, named when it expires
     * @param requestTimeout the request timeout, named when it expires
     */
    public NetworkFailures(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this.host = baseUrl.getHost();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** Whether the failure is the client's own close, not a problem of the receiver. */
    public static boolean isAbort(Throwable error) {
        return unwrap(error) instanceof AbortedException;
    }

    /** A short reason: "connection refused", "unknown host 'x'", "no answer within …", "TLS failed (…)". */
    public String describe(Throwable error) {
        Throwable t = unwrap(error);
        // The specific cause first: the JDK wraps an unknown host in a ConnectException, for one.
        boolean refused = false;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
            if (c instanceof AbortedException) {
                return c.getMessage();
            }
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unknown host '" + host + "'";
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
                refused |= m == null || m.toLowerCase(Locale.ROOT).contains("refused");
            }
        }
        return refused ? "connection refused" : t.getClass().getSimpleName() + message(t);
    }

    /** What to check for a reason {@link #describe} gave, in parentheses with a leading space; "" when there is no advice. */
    public String hint(Throwable error) {
        String why = describe(error);
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

    /** The cause a future or executor wrapped. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
