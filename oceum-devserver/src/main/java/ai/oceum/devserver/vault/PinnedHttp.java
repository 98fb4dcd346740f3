package ai.oceum.devserver.vault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request to an address decided beforehand: the vault proxy checks the address a
 * name resolves to, and this connects to exactly that address (no second lookup that a DNS
 * rebinding could answer differently), while the {@code Host} header, the TLS server name (SNI)
 * and the certificate check use the name. The JDK's {@code HttpClient} cannot be told the
 * address, hence this small client: {@code Connection: close}, no redirects followed, the answer
 * read up to a byte limit (fixed length, chunked, or to the end). Stateless; thread-safe.
 */
final class PinnedHttp {
    /** Headers the proxy sets itself; an agent may not send them. */
    static final List<String> RESERVED = List.of(
            "host",
            "content-length",
            "connection",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "expect",
            "keep-alive",
            "proxy-connection",
            "accept-encoding");

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final SSLSocketFactory tls;
    private final Duration timeout;

    PinnedHttp(SSLSocketFactory tls, Duration timeout) {
        this.tls = tls;
        this.timeout = timeout;
    }

    /** An answer: status, headers (names lower-case, every value), body (at most the limit), and whether it was cut. */
    @SuppressWarnings("ArrayRecordComponent") // a value handed to one caller, never compared or used as a key
    record Response(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {}

    /**
     * Sends {@code method uri} to {@code address} with these headers (already checked) and body.
     *
     * @throws IOException on any network, TLS or protocol failure (the message names no URL)
     */
    Response send(String method, URI uri, InetAddress address, Map<String, String> headers, byte[] body, int maxBody)
            throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), ms);
            plain.setSoTimeout(ms);
            Socket socket = https ? tls(plain, host, port) : plain;
            try {
                write(socket.getOutputStream(), method, uri, host, port, https, headers, body);
                return read(new BufferedInputStream(socket.getInputStream()), method, maxBody);
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        }
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, name, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, not the address
        if (!isIpLiteral(name)) {
            p.setServerNames(List.of(new SNIHostName(name)));
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static void write(
            OutputStream out,
            String method,
            URI uri,
            String host,
            int port,
            boolean https,
            Map<String, String> headers,
            byte[] body)
            throws IOException {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(defaultPort ? "" : ":" + port)
                .append("\r\n")
                .append("Connection: close\r\nAccept-Encoding: identity\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private static Response read(InputStream in, String method, int maxBody) throws IOException {
        int status;
        Map<String, List<String>> headers;
        do {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("the target did not answer HTTP/1.x");
            }
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("the target answered a malformed status line");
            }
            headers = headers(in);
        } while (status >= 100 && status < 200 && status != 101);
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status < 200;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated = false;
        if (!noBody) {
            String te = first(headers, "transfer-encoding");
            String cl = first(headers, "content-length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                truncated = chunked(in, body, maxBody);
            } else if (cl != null) {
                long length;
                try {
                    length = Long.parseLong(cl.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("the target answered a malformed Content-Length");
                }
                truncated = copy(in, body, Math.min(length, maxBody)) && length > maxBody;
            } else {
                truncated = copy(in, body, maxBody) && in.read() >= 0;
            }
        }
        return new Response(status, headers, body.toByteArray(), truncated);
    }

    /** Copies up to {@code n} bytes; true when all {@code n} came. */
    private static boolean copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                return false;
            }
            out.write(buf, 0, r);
            left -= r;
        }
        return true;
    }

    private static boolean chunked(InputStream in, ByteArrayOutputStream out, int maxBody) throws IOException {
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the target answered a malformed chunk");
            }
            if (n == 0) {
                headers(in); // trailers
                return false;
            }
            long room = (long) maxBody - out.size();
            if (n > room) {
                copy(in, out, room);
                return true;
            }
            if (!copy(in, out, n)) {
                throw new IOException("the target's answer ended in the middle of a chunk");
            }
            line(in);
        }
    }

    private static Map<String, List<String>> headers(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("the target's answer headers are too large");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the target closed the connection before answering in full");
            }
            if (b.size() > MAX_HEADER_BYTES) {
                throw new IOException("the target's answer has an over-long line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
