package ai.oceum.devserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what the JDK's client will not send (any {@code Host}
 * header, a request cut in the middle) and to watch a connection from the client's side.
 */
final class RawHttp {
    private RawHttp() {}

    /** A status and the whole answer as text (headers and body). */
    record Answer(int status, String text) {}

    /** Sends {@code request} as is (it should say {@code Connection: close}) and reads the whole answer. */
    static Answer exchange(int port, String request) {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String text = new String(readToEnd(s.getInputStream()), StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Answer(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET with this Host header. */
    static Answer get(int port, String path, String host, String... extraHeaders) {
        StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        if (host != null) {
            r.append("Host: ").append(host).append("\r\n");
        }
        for (String h : extraHeaders) {
            r.append(h).append("\r\n");
        }
        return exchange(port, r.append("Connection: close\r\n\r\n").toString());
    }

    /** A socket to 127.0.0.1 with a 15 s read timeout. */
    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(15_000);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** Reads until the server closes the connection. */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
