package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.BasicStatusManager;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.WarnStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRedactionTest {
    private static final String KEY = "odk_redaction_0b8c61f2e9d34a7c";

    /** A listener such as {@code debug="true"}'s console listener: it sees each status as it is added. */
    private static final class Recording implements StatusListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void addStatusEvent(Status status) {
            seen.add(status.getMessage());
        }
    }

    @Test
    void replacesTheSecretInEveryKeptStatusAndKeepsTheRestAsTheyWere() {
        BasicStatusManager manager = new BasicStatusManager();
        Status before = new InfoStatus("About to instantiate appender", this);
        Status after = new ErrorStatus("minimumLevel 'EROR' is not a level", this);
        manager.add(before);
        manager.add(new InfoStatus("value \"" + KEY + "\" substituted for \"${OCEUM_API_KEY}\"", this));
        manager.add(new WarnStatus("a warning that quotes " + KEY + " twice: " + KEY, this));
        manager.add(after);

        assertThat(StatusRedaction.redact(manager, KEY)).isEqualTo(2);

        List<Status> kept = manager.getCopyOfStatusList();
        assertThat(kept)
                .extracting(Status::getMessage)
                .containsExactly(
                        "About to instantiate appender",
                        "value \"" + StatusRedaction.MARK + "\" substituted for \"${OCEUM_API_KEY}\"",
                        "a warning that quotes " + StatusRedaction.MARK + " twice: " + StatusRedaction.MARK,
                        "minimumLevel 'EROR' is not a level");
        assertThat(kept)
                .extracting(Status::getLevel)
                .containsExactly(Status.INFO, Status.INFO, Status.WARN, Status.ERROR);
        assertThat(kept.get(0)).isSameAs(before);
        assertThat(kept.get(3)).isSameAs(after);
        assertThat(manager.getLevel()).isEqualTo(Status.ERROR);
    }

    @Test
    void listenersAreNotToldTwiceAndStayAttached() {
        BasicStatusManager manager = new BasicStatusManager();
        Recording listener = new Recording();
        manager.add(listener);
        manager.add(new InfoStatus("value \"" + KEY + "\" substituted for \"${OCEUM_API_KEY}\"", this));
        manager.add(new InfoStatus("something else", this));

        StatusRedaction.redact(manager, KEY);
        manager.add(new InfoStatus("added later", this));

        // What a listener printed before cannot be taken back (the documented limit of debug="true").
        assertThat(listener.seen).hasSize(3).endsWith("something else", "added later");
        assertThat(manager.getCopyOfStatusListenerList()).containsExactly(listener);
    }

    @Test
    void withoutTheSecretNothingChanges() {
        BasicStatusManager manager = new BasicStatusManager();
        Recording listener = new Recording();
        manager.add(listener);
        Status only = new InfoStatus("value \"x\" substituted for \"${OTHER}\"", this);
        manager.add(only);

        assertThat(StatusRedaction.redact(manager, KEY)).isZero();
        assertThat(StatusRedaction.redact(manager, " ")).isZero();
        assertThat(manager.getCopyOfStatusList()).containsExactly(only);
        assertThat(listener.seen).hasSize(1);
    }
}
