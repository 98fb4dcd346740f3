package ai.oceum.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP forwarder in front of a receiver that can be shut and opened again on the same
 * port: shut, nothing listens (the client sees "connection refused", as with a crashed receiver)
 * and live connections are reset; opened, bytes flow to the receiver again. This makes "receiver
 * down, then back" real at the socket level without restarting the receiver that records events.
 * Opened in {@link #resetting(boolean) resetting} mode it accepts every connection and resets it at
 * once (a proxy with no live backend), counting the connections ({@link #accepted()}).
 */
final class TcpGate implements AutoCloseable {
    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final int targetPort;
    private final int port;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean resetting;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-gate");
        t.setDaemon(true);
        return t;
    });
    private ServerSocket server;

    private TcpGate(int targetPort, int port) {
        this.targetPort = targetPort;
        this.port = port;
    }

    /**
     * A gate on a free loopback port forwarding to {@code targetPort}, open. The port is taken
     * below the kernel's ephemeral range (32768 and up on Linux): while the gate is shut nothing
     * listens on it, and a port from that range could meanwhile be handed to another process's
     * server (other builds share the machine), which would then answer the client's requests.
     */
    static TcpGate to(int targetPort) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate =
                    20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            TcpGate gate = new TcpGate(targetPort, candidate);
            try {
                gate.open();
                return gate;
            } catch (IOException inUse) {
                last = inUse;
            }
        }
        throw last;
    }

    /** {@code http://127.0.0.1:<port>}: the client's base URL. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts listening again on the same port. */
    synchronized void open() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(loopback, port), 64);
        server = s;
        threads.execute(() -> acceptLoop(s));
    }

    /** Whether each new connection is reset at once instead of forwarded. */
    void resetting(boolean on) {
        resetting = on;
    }

    /** Connections accepted so far (forwarded or reset). */
    int accepted() {
        return accepted.get();
    }

    /** Stops listening and resets every live connection: the receiver is "down". */
    synchronized void shut() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        for (Socket s : live) {
            try {
                s.setSoLinger(true, 0); // RST, as a dead peer's kernel would send
            } catch (IOException ignored) {
                // Already closed.
            }
            closeQuietly(s);
        }
        live.clear();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                accepted.incrementAndGet();
                if (resetting) {
                    client.setSoLinger(true, 0);
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(loopback, targetPort);
                // Forward each write at once: Nagle plus delayed ACK would add ~40 ms per answer.
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                live.add(client);
                live.add(upstream);
                threads.execute(() -> pump(client, upstream));
                threads.execute(() -> pump(upstream, client));
            } catch (IOException closedOrFailed) {
                // Shut, or the receiver refused: the client sees its connection end.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // Either side went away.
        } finally {
            live.remove(from);
            live.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Nothing to do.
        }
    }

    @Override
    public void close() {
        shut();
        threads.shutdownNow();
    }
}
