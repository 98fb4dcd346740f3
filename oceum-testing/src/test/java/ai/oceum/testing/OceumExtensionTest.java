package ai.oceum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.oceum.Oceum;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

class OceumExtensionTest {

    @Test
    void closesItsClientsBeforeItsReceiverSoWhatTheyStillHoldIsDelivered() throws Exception {
        OceumExtension kit = OceumExtension.create();
        TestReceiver receiver = kit.receiver();
        Oceum oceum = kit.client("kit-order");
        oceum.taskComplete("queued-at-the-end");

        kit.afterEach(null);

        assertThat(receiver.events("task_complete")).hasSize(1);
        assertThat(oceum.stats().sent()).isEqualTo(1);
        assertRefused(receiver.port());
    }

    @Test
    void startsEachResourceWhenFirstAskedAndOnlyOnce() throws Exception {
        OceumExtension kit = OceumExtension.create();
        TestReceiver receiver = kit.receiver();
        LogCapture logs = kit.logs();
        assertThat(kit.receiver()).isSameAs(receiver);
        assertThat(kit.logs()).isSameAs(logs);

        kit.afterEach(null);

        TestReceiver next = kit.receiver();
        try {
            assertThat(next).isNotSameAs(receiver);
            assertThat(next.port()).isNotEqualTo(receiver.port());
        } finally {
            kit.afterEach(null);
        }
        assertRefused(next.port());
    }

    @Test
    void closesEverythingWhenOneCloseFailsAndThrowsTheLastMadeFirst() {
        OceumExtension kit = OceumExtension.create();
        List<String> closed = new CopyOnWriteArrayList<>();
        kit.closeAfterTest(() -> closed.add("made first"));
        kit.closeAfterTest(() -> {
            closed.add("made second");
            throw new IOException("second failed");
        });
        kit.closeAfterTest(() -> {
            closed.add("made third");
            throw new IllegalStateException("third failed");
        });

        assertThatThrownBy(() -> kit.afterEach(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("third failed")
                .satisfies(t -> assertThat(t.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("second failed"));
        assertThat(closed).containsExactly("made third", "made second", "made first");
    }

    @Test
    void eachTestGetsItsOwnReceiverClosedAfterIt() {
        PerTest.receivers.clear();

        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(PerTest.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(PerTest.receivers).hasSize(2);
        assertThat(PerTest.receivers.get(0).port())
                .isNotEqualTo(PerTest.receivers.get(1).port());
        for (TestReceiver receiver : PerTest.receivers) {
            assertThat(receiver.events("task_complete")).hasSize(1);
            assertRefused(receiver.port());
        }
    }

    @Test
    void aStaticRegistrationFailsTheClassWithWhatToDo() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(StaticRegistration.class))
                .execute()
                .containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(StaticRegistration.class),
                                finishedWithFailure(
                                        instanceOf(IllegalStateException.class),
                                        message(m -> m.contains("register it on an instance field")))));
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), (int)
                                Duration.ofSeconds(5).toMillis());
                    }
                })
                .isInstanceOf(ConnectException.class);
    }

    /** Run by the engine above, not by Surefire (a nested class). */
    static class PerTest {
        static final List<TestReceiver> receivers = new CopyOnWriteArrayList<>();

        @RegisterExtension
        final OceumExtension kit = OceumExtension.create();

        @Test
        void first() {
            receivers.add(kit.receiver());
            kit.client("per-test").taskComplete("first");
        }

        @Test
        void second() {
            receivers.add(kit.receiver());
            kit.client("per-test").taskComplete("second");
        }
    }

    /** Run by the engine above: the mistake the extension refuses. */
    static class StaticRegistration {
        @RegisterExtension
        static final OceumExtension kit = OceumExtension.create();

        @Test
        void neverRuns() {}
    }
}
