package ai.oceum.bench.logging;

import java.net.SocketTimeoutException;

/** The exception the benchmarks log: thrown a few frames deep, with a cause, like a real one. */
final class Failures {
    private Failures() {}

    static Exception paymentFailure() {
        try {
            chargeCard(3);
            throw new AssertionError("unreachable");
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static void chargeCard(int depth) {
        if (depth > 0) {
            chargeCard(depth - 1);
            return;
        }
        try {
            readGatewayAnswer();
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("payment gateway did not answer", e);
        }
    }

    private static void readGatewayAnswer() throws SocketTimeoutException {
        throw new SocketTimeoutException("Read timed out");
    }
}
