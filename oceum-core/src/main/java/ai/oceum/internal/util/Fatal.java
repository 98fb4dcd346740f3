package ai.oceum.internal.util;

/** The one kind of throwable the SDK lets through: the JVM is failing (OpenTelemetry's rule). */
public final class Fatal {
    private Fatal() {
    }

    /** Rethrows {@code t} if it is a {@link VirtualMachineError} (out of memory, stack overflow…). */
    public static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
            throw vme;
        }
    }
}
