package ai.oceum.reliability;

import ai.oceum.testing.TestReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * What the receiver got, counted by the test's own sequence number ({@code meta.seq}) and by
 * the SDK's {@code Idempotency-Key}: a request counts as delivered when the receiver answered (or
 * was about to answer) 2xx, even if the client gave up waiting for it.
 *
 * @param delivered distinct sequence numbers received with a 2xx
 * @param accepted2xx 2xx requests in all
 * @param duplicates 2xx requests beyond the first for the same Idempotency-Key
 */
record Deliveries(int delivered, int accepted2xx, int duplicates) {

    static Deliveries of(TestReceiver receiver, int events) {
        Set<Integer> seqs = new HashSet<>();
        Set<String> keys = new HashSet<>();
        int ok = 0;
        for (TestReceiver.Recorded r : receiver.webhookRequests()) {
            if (r.status() / 100 != 2) {
                continue;
            }
            JsonNode seq = r.data().path("meta").path("seq");
            if (!seq.isInt() || seq.intValue() < 0 || seq.intValue() >= events) {
                throw new AssertionError("unexpected event on the wire: " + r.body());
            }
            ok++;
            seqs.add(seq.intValue());
            keys.add(r.eventId());
        }
        if (keys.size() != seqs.size()) {
            throw new AssertionError(
                    keys.size() + " idempotency keys for " + seqs.size() + " events: a retry changed its key");
        }
        return new Deliveries(seqs.size(), ok, ok - keys.size());
    }
}
