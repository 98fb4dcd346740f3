package ai.oceum.bench.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Receiver states the benchmarks compare: a healthy sink, or nothing listening. */
public final class Receivers {
    private Receivers() {}

    /**
     * The receiver a benchmark's {@code receiver} parameter names: {@code healthy} starts a
     * {@link LoopbackSink}, anything else is {@link #down()}. Close it at the end of the trial.
     */
    public static Endpoint of(String state) throws IOException {
        if (state.equals("healthy")) {
            LoopbackSink sink = LoopbackSink.start(2);
            return new Endpoint(sink.baseUrl(), sink);
        }
        return new Endpoint(down(), null);
    }

    /**
     * Where a benchmark's client sends, and the sink to stop afterwards (none when down).
     *
     * @param url the client's base URL
     * @param sink the healthy sink, or null
     */
    public record Endpoint(String url, LoopbackSink sink) implements AutoCloseable {
        @Override
        public void close() {
            if (sink != null) {
                sink.close();
            }
        }
    }

    /**
     * A loopback URL where nothing listens (the port was free a moment ago): every connection is
     * refused at once, as when Oceum or the network is down.
     */
    public static String down() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + probe.getLocalPort();
        }
    }
}
