import java.util.*;
import java.util.function.*;

/**
 * What one StackWalker walk costs, outside the Spring AI handler: walks from the top of a stack
 * `depth` frames deep (plain recursion), 100,000 per row after three warm-up rounds.
 * Usage: java StackWalkCost <depth> [ways|sizes]
 *   ways:  n frames walked (first batch n) against SecurityManager.getClassContext(), a Throwable's
 *          stack trace and StackWalker.getCallerClass();
 *   sizes: n frames walked with first-batch estimates 8, 24 and 48 (the handler's window choices).
 */
public class StackWalkCost {
    static int sink;

    static IntSupplier walker(int est, int n) {
        StackWalker w = StackWalker.getInstance(
                Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES), est);
        return () -> w.walk(s -> {
            int k = 0;
            for (Iterator<StackWalker.StackFrame> it = s.iterator(); it.hasNext() && k < n; k++) {
                sink += it.next().getDeclaringClass().hashCode();
            }
            return k;
        });
    }

    @SuppressWarnings("removal")
    static final class ClassContext extends SecurityManager {
        Class<?>[] classes() {
            return getClassContext();
        }
    }

    static int deep(int d, IntSupplier s) {
        return d == 0 ? s.getAsInt() : deep(d - 1, s) + 0;
    }

    public static void main(String[] a) {
        int depth = Integer.parseInt(a[0]);
        boolean sizes = a.length > 1 && a[1].equals("sizes");
        Map<String, IntSupplier> v = new LinkedHashMap<>();
        if (sizes) {
            for (int n : new int[] {10, 24, 32, 40}) {
                for (int est : new int[] {8, 24, 48}) {
                    v.put("n=" + n + " est=" + est, walker(est, n));
                }
            }
        } else {
            for (int n : new int[] {1, 4, 8, 16}) {
                v.put("n=" + n + " est=" + n, walker(n, n));
            }
            ClassContext context = new ClassContext();
            v.put("ctx", () -> context.classes().length);
            v.put("throwable", () -> new Throwable().getStackTrace().length);
            v.put("getCallerClass", () -> StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .getCallerClass()
                    .hashCode());
        }
        for (int round = 0; round < 4; round++) {
            for (var e : v.entrySet()) {
                int iters = 100_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) {
                    deep(depth, e.getValue());
                }
                long t = System.nanoTime() - t0;
                if (round == 3) {
                    System.out.printf("%-16s depth=%d %.0f ns%n", e.getKey(), depth, t / (double) iters);
                }
            }
        }
    }
}
