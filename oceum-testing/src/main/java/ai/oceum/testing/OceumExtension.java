package ai.oceum.testing;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives each test a {@link TestReceiver}, Oceum clients reporting to it and
 * a {@link LogCapture}, and closes them all after the test: clients first (so what they still hold
 * reaches the receiver), then the receiver, in the reverse order they were made.
 *
 * <p>Each resource starts when the test first asks for it, so the test's fields show its setup:
 *
 * <pre>{@code
 * class MyAgentTest {
 *     @RegisterExtension
 *     final OceumExtension kit = OceumExtension.create();
 *     final TestReceiver receiver = kit.receiver();
 *     final Oceum oceum = kit.client("my-agent");   // TestClients' settings: short retries, no shutdown hook
 *
 *     @Test
 *     void reportsTheTask() {
 *         new MyAgent(oceum).handle("order 17");
 *         oceum.flush(Duration.ofSeconds(5));
 *         assertThat(receiver.events("task_complete")).hasSize(1);
 *     }
 * }
 * }</pre>
 *
 * <p>Register it on an instance field (JUnit's default life cycle makes one test instance, and so
 * one extension, per test); registered on a static field it fails the class with a message.
 * Not thread-safe: ask for resources from the test's thread (the resources themselves are
 * thread-safe).
 */
public final class OceumExtension implements AfterEachCallback, BeforeAllCallback {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private TestReceiver receiver;
    private LogCapture logs;

    private OceumExtension() {}

    /** An extension with nothing started yet. */
    public static OceumExtension create() {
        return new OceumExtension();
    }

    /** This test's receiver, started on 127.0.0.1 the first time it is asked for. */
    public TestReceiver receiver() {
        if (receiver == null) {
            receiver = closeAfterTest(TestReceiver.start());
        }
        return receiver;
    }

    /**
     * A new client reporting to {@link #receiver()} under a new agent id starting with
     * {@code agentPrefix}, with {@link TestClients#builder(TestReceiver, String) TestClients' settings}.
     */
    public Oceum client(String agentPrefix) {
        return client(TestClients.builder(receiver(), TestClients.agentId(agentPrefix)));
    }

    /** Builds {@code builder} (made with {@link TestClients}, or configured further) and closes the client after the test. */
    public Oceum client(OceumBuilder builder) {
        return closeAfterTest(builder.build());
    }

    /** The SDK's log lines ({@code ai.oceum}) from the first time this is asked for until the test ends; needs Logback. */
    public LogCapture logs() {
        if (logs == null) {
            logs = closeAfterTest(LogCapture.start());
        }
        return logs;
    }

    /** Closes {@code resource} after the test (before whatever was made earlier); returns it. */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        open.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        throw new IllegalStateException("OceumExtension is registered on a static field of " + context.getDisplayName()
                + "; register it on an instance field: its resources live for one test");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        receiver = null;
        logs = null;
        if (first != null) {
            throw first;
        }
    }
}
