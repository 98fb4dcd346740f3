package ai.oceum.logback;

import ai.oceum.Oceum;
import java.time.Duration;

/**
 * Where the appender's {@link Oceum} client comes from, and what stopping does to it: a client the
 * appender built is closed (it owns its threads); a shared one is only flushed, because the
 * application still uses it.
 */
interface ClientSource {

    /** The client to report through now, or null when there is none (disabled appender). */
    Oceum current();

    /** Called once at stop: delivers what is queued, waiting at most {@code timeout}. */
    void release(Duration timeout);

    /** No client: the appender is disabled. */
    static ClientSource none() {
        return None.INSTANCE;
    }

    /** A client the appender built and closes at stop. */
    static ClientSource owned(Oceum client) {
        return new Owned(client);
    }

    /** A client handed over by the application ({@link OceumAppender#setClient}); flushed at stop, never closed. */
    static ClientSource shared(Oceum client) {
        return new Shared(client);
    }

    /**
     * The process-wide client, looked up at every event so that one set with {@link Oceum#setGlobal}
     * after Logback started is used; flushed at stop, never closed.
     */
    static ClientSource global() {
        return new Global();
    }

    /** See {@link #none()}. */
    enum None implements ClientSource {
        INSTANCE;

        @Override
        public Oceum current() {
            return null;
        }

        @Override
        public void release(Duration timeout) {
            // Nothing to deliver.
        }
    }

    /** See {@link #owned(Oceum)}. */
    record Owned(Oceum client) implements ClientSource {
        @Override
        public Oceum current() {
            return client;
        }

        @Override
        public void release(Duration timeout) {
            client.close(timeout);
        }
    }

    /** See {@link #shared(Oceum)}. */
    record Shared(Oceum client) implements ClientSource {
        @Override
        public Oceum current() {
            return client;
        }

        @Override
        public void release(Duration timeout) {
            if (!client.isClosed()) {
                client.flush(timeout);
            }
        }
    }

    /** See {@link #global()}. */
    final class Global implements ClientSource {
        /** The client last used, flushed at stop (looking it up then could build a new one). */
        private volatile Oceum lastUsed;

        @Override
        public Oceum current() {
            Oceum c = Oceum.global();
            if (lastUsed != c) {
                lastUsed = c; // written only on change: a volatile write per event would cost every logging thread
            }
            return c;
        }

        @Override
        public void release(Duration timeout) {
            Oceum c = lastUsed;
            if (c != null && !c.isClosed()) {
                c.flush(timeout);
            }
        }
    }
}
