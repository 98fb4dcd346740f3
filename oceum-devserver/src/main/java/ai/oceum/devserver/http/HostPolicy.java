package ai.oceum.devserver.http;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which {@code Host} headers the server answers, against DNS rebinding: a web page on
 * {@code attacker.example} can make its name resolve to 127.0.0.1 and then read this server as
 * "its own" origin; the browser still sends {@code Host: attacker.example}, so a server that
 * answers only its own names cannot be read that way. Allowed: the loopback names
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), the address the server is bound to,
 * the names given with {@code --allow-host}, and, when bound to every address ({@code 0.0.0.0}),
 * any IP literal (a literal cannot be rebound). The port must be the server's. Immutable.
 */
public final class HostPolicy {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> allowed;
    private final boolean anyLiteral;
    private final int port;

    /**
     * A policy for a server bound to {@code bound} on {@code port}, also answering {@code extraHosts}.
     */
    public HostPolicy(InetAddress bound, String configuredHost, int port, Collection<String> extraHosts) {
        Set<String> names = new TreeSet<>(LOOPBACK_NAMES);
        names.add(bound.getHostAddress().toLowerCase(Locale.ROOT));
        names.add(normalize(configuredHost));
        extraHosts.forEach(h -> names.add(normalize(h)));
        this.allowed = Set.copyOf(names);
        this.anyLiteral = bound.isAnyLocalAddress();
        this.port = port;
    }

    /** What a Host header says about a request. */
    public enum Verdict {
        /** Addressed by a loopback name: the browser of this machine. */
        LOOPBACK,
        /** Addressed by another allowed name or address. */
        ALLOWED,
        /** Not addressed to this server: refused. */
        REFUSED
    }

    /** Judges a {@code Host} header value (null when absent). */
    public Verdict judge(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return Verdict.REFUSED;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        int p;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return Verdict.REFUSED;
            }
            name = h.substring(1, close);
            String rest = h.substring(close + 1);
            p = rest.isEmpty() ? 80 : rest.startsWith(":") ? parsePort(rest.substring(1)) : -1;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') != colon) {
                return Verdict.REFUSED; // an IPv6 literal must be bracketed
            }
            name = colon < 0 ? h : h.substring(0, colon);
            p = colon < 0 ? 80 : parsePort(h.substring(colon + 1));
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (p != port || name.isEmpty()) {
            return Verdict.REFUSED;
        }
        if (LOOPBACK_NAMES.contains(name)) {
            return Verdict.LOOPBACK;
        }
        if (allowed.contains(name) || anyLiteral && isIpLiteral(name)) {
            return Verdict.ALLOWED;
        }
        return Verdict.REFUSED;
    }

    /** The names answered (for messages). */
    public Set<String> allowedNames() {
        return allowed;
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }

    private static boolean isIpLiteral(String name) {
        return name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.contains(":") && name.matches("[0-9a-f:.]+");
    }

    private static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
