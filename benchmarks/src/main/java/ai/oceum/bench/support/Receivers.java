package ai.oceum.bench.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Receiver states the benchmarks compare: a healthy sink, or nothing listening. */
public final class Receivers {
    private Receivers() {
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
