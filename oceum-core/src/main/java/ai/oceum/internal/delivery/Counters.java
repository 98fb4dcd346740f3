package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The delivery counters behind {@code Oceum.stats()}. LongAdders: callers increment concurrently. */
final class Counters {
    final LongAdder accepted = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    Counters() {
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    void drop(DropReason reason) {
        dropped.get(reason).increment();
        if (reason == DropReason.REJECTED
                || reason == DropReason.UNAUTHORIZED
                || reason == DropReason.RETRIES_EXHAUSTED) {
            failed.increment();
        }
    }

    Map<DropReason, Long> dropped() {
        EnumMap<DropReason, Long> m = new EnumMap<>(DropReason.class);
        dropped.forEach((r, n) -> m.put(r, n.sum()));
        return m;
    }
}
