package ai.oceum.internal.util;

/**
 * The one kind of throwable the SDK lets through: the JVM is failing (OpenTelemetry's rule).
 * Stateless.
 */
public final class Fatal {
    private Fatal() {}

    /**
     * Rethrows {@code t} if it is a {@link VirtualMachineError} (out of memory, an internal error
     * of the JVM…), except a {@link StackOverflowError}: that one comes from a deep stack of the
     * application (or a recursive {@code toString()}), unwinds by itself, and is swallowed like any
     * other failure of a hook.
     */
    public static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
            throw vme;
        }
    }
}
