import java.util.*;
import java.util.function.*;
public class Walk3 {
    static int sink;
    static IntSupplier walker(int est, int n) {
        StackWalker w = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES), est);
        return () -> w.walk(s -> { int k=0; for (Iterator<StackWalker.StackFrame> it = s.iterator(); it.hasNext() && k < n;) { sink += it.next().getDeclaringClass().hashCode(); k++; } return k; });
    }
    static final class CC extends SecurityManager { Class<?>[] ctx() { return getClassContext(); } }
    static final CC CC = new CC();
    static int deep(int d, IntSupplier s) { return d == 0 ? s.getAsInt() : deep(d - 1, s) + 0; }
    public static void main(String[] a) {
        int depth = Integer.parseInt(a[0]);
        Map<String, IntSupplier> v = new LinkedHashMap<>();
        v.put("n=1 est=1", walker(1, 1));
        v.put("n=4 est=4", walker(4, 4));
        v.put("n=8 est=8", walker(8, 8));
        v.put("n=16 est=16", walker(16, 16));
        v.put("ctx", () -> CC.ctx().length);
        v.put("throwable", () -> new Throwable().getStackTrace().length);
        v.put("getCallerClass", () -> StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().hashCode());
        for (int round = 0; round < 4; round++) {
            for (var e : v.entrySet()) {
                int iters = 100_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) deep(depth, e.getValue());
                long t = System.nanoTime() - t0;
                if (round >= 3) System.out.printf("%-16s depth=%d %.0f ns%n", e.getKey(), depth, t / (double) iters);
            }
        }
    }
}
