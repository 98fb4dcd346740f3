package ai.oceum.bench.delivery;

import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.devserver.DevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A receiver {@link DeliveryThroughput} measures, started in this process and stopped by
 * {@link #close()}: the bare JDK sink, or the dev server storing in memory or in an H2 file.
 */
final class Receiver implements AutoCloseable {
    /** The key every measured request carries; the dev server is started with it. */
    static final String API_KEY = "bench-key";

    private final String description;
    private final String url;
    private final Runnable stop;
    private final Path dataDir;

    private Receiver(String description, String url, Runnable stop, Path dataDir) {
        this.description = description;
        this.url = url;
        this.stop = stop;
        this.dataDir = dataDir;
    }

    /**
     * Starts {@code sink}, {@code devserver-memory} or {@code devserver-file}; {@code url} wraps
     * {@code externalUrl}, a receiver someone else runs.
     */
    static Receiver start(String name, String externalUrl) throws IOException {
        switch (name) {
            case "url":
                return new Receiver(externalUrl, externalUrl, () -> {}, null);
            case "sink": {
                LoopbackSink sink = LoopbackSink.start(4);
                return new Receiver("LoopbackSink (JDK HttpServer, 4 threads)", sink.baseUrl(), sink::close, null);
            }
            case "devserver-memory": {
                DevServer server =
                        DevServer.builder().inMemory().apiKey(API_KEY).build().start();
                return new Receiver("dev server, in-memory H2 (8 threads)", server.baseUrl(), server::close, null);
            }
            case "devserver-file": {
                Path dir = Files.createTempDirectory("oceum-bench-devserver");
                DevServer server =
                        DevServer.builder().dataDir(dir).apiKey(API_KEY).build().start();
                return new Receiver("dev server, H2 file (8 threads)", server.baseUrl(), server::close, dir);
            }
            default:
                throw new IllegalArgumentException(
                        "unknown receiver '" + name + "': use sink, devserver-memory or devserver-file (or --url URL)");
        }
    }

    String description() {
        return description;
    }

    String url() {
        return url;
    }

    String apiKey() {
        return API_KEY;
    }

    @Override
    public void close() throws IOException {
        stop.run();
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
