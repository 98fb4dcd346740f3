import java.util.*;
import java.util.function.*;
public class Walk2 {
    static int sink;
    static IntSupplier walker(int est, int n) {
        StackWalker w = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES), est);
        return () -> w.walk(s -> { int k=0; for (Iterator<StackWalker.StackFrame> it = s.iterator(); it.hasNext() && k < n;) { sink += it.next().getDeclaringClass().hashCode(); k++; } return k; });
    }
    static int deep(int d, IntSupplier s) { return d == 0 ? s.getAsInt() : deep(d - 1, s) + 0; }
    public static void main(String[] a) {
        int depth = Integer.parseInt(a[0]);
        Map<String, IntSupplier> v = new LinkedHashMap<>();
        for (int n : new int[]{10, 24, 32, 40}) for (int est : new int[]{8, 24, 48}) v.put("n=" + n + " est=" + est, walker(est, n));
        for (int round = 0; round < 4; round++) {
            for (var e : v.entrySet()) {
                int iters = 100_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) deep(depth, e.getValue());
                long t = System.nanoTime() - t0;
                if (round >= 3) System.out.printf("%s depth=%d %.0f ns%n", e.getKey(), depth, t / (double) iters);
            }
        }
    }
}
