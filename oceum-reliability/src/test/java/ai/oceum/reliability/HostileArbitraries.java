package ai.oceum.reliability;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** jqwik generators of hostile strings, values, meta maps and throwables. */
final class HostileArbitraries {
    private HostileArbitraries() {}

    /** Any text, including lone surrogates, control characters, huge strings and null. */
    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .withCharRange('\uD800', '\uDFFF')
                                .ofMinLength(1)
                                .ofMaxLength(8)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "",
                                " ",
                                "\u0000",
                                "\n\r\t",
                                "\uFFFF",
                                "\uFEFF",
                                "\uD83D\uDE00",
                                "\uD83D",
                                "\uDE00x",
                                "x\uD800",
                                "\"}]{[\\",
                                "</script>",
                                "%s%n")),
                Tuple.of(1, Arbitraries.integers().between(9_000, 100_000).map(n -> "é".repeat(n) + "\uD800")),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /** Scalars of every odd kind. */
    static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                strings().map(s -> s),
                Arbitraries.integers().map(i -> i),
                Arbitraries.longs().map(l -> l),
                Arbitraries.doubles().map(d -> d),
                Arbitraries.of(
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                -0.0,
                                Double.MIN_VALUE,
                                Double.MAX_VALUE,
                                Float.NaN,
                                Float.NEGATIVE_INFINITY)
                        .map(d -> d),
                Arbitraries.bigDecimals().map(d -> d),
                Arbitraries.of(
                                new BigDecimal("1E+1000000"),
                                new BigDecimal("-1E-1000000"),
                                new BigDecimal("0E-10"),
                                new BigInteger("9".repeat(5000)),
                                BigInteger.TWO.pow(100_000))
                        .map(n -> n),
                Arbitraries.of(true, false).map(b -> b),
                Arbitraries.of('\uD800', '\u0000', 'x').map(c -> c),
                Arbitraries.just(Optional.empty()),
                Arbitraries.just(null),
                Arbitraries.create(Hostile.ExplodingBean::new),
                Arbitraries.create(Hostile.BottomlessToString::new),
                Arbitraries.create(Hostile.ExplodingChars::new),
                Arbitraries.create(() -> new Object()));
    }

    /** Scalars, or containers of values nested up to {@code depth} deep, cycles included. */
    static Arbitrary<Object> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Object> inner = values(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalars()),
                Tuple.of(
                        2,
                        Arbitraries.maps(strings().filter(k -> k != null), inner)
                                .ofMaxSize(4)
                                .map(m -> m)),
                Tuple.of(2, inner.list().ofMaxSize(4).map(l -> l)),
                Tuple.of(1, inner.array(Object[].class).ofMaxSize(3).map(a -> a)),
                Tuple.of(1, Arbitraries.create(Hostile::cyclicMap).map(m -> m)),
                Tuple.of(1, Arbitraries.create(Hostile::cyclicList).map(l -> l)),
                Tuple.of(1, Arbitraries.create(Hostile.ExplodingMap::new).map(m -> m)),
                Tuple.of(1, Arbitraries.create(Hostile.ExplodingIterable::new).map(i -> i)),
                Tuple.of(
                        1,
                        Arbitraries.of(new int[] {1, 2}, new double[] {Double.NaN}, new byte[0])
                                .map(a -> a)));
    }

    /** Meta maps: null, ordinary, nested, cyclic, throwing, huge. */
    @SuppressWarnings("unchecked")
    static Arbitrary<Map<String, Object>> metas() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(
                        8,
                        Arbitraries.maps(strings().filter(k -> k != null), values(3))
                                .ofMaxSize(6)),
                Tuple.of(1, Arbitraries.create(Hostile::cyclicMap)),
                Tuple.of(1, Arbitraries.create(Hostile.ExplodingMap::new).map(m ->
                        (Map<String, Object>) (Map<?, ?>) m)),
                Tuple.of(1, Arbitraries.integers().between(500, 3_000).map(HostileArbitraries::hugeMap)));
    }

    /** Throwables: ordinary, with hostile messages, exploding, cyclic causes, very deep chains, null. */
    static Arbitrary<Throwable> throwables() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(3, strings().map(RuntimeException::new)),
                Tuple.of(1, Arbitraries.create(Hostile.ExplodingException::new)),
                Tuple.of(1, strings().map(Hostile::causeCycle)),
                Tuple.of(1, Arbitraries.integers().between(30, 300).map(Hostile::deepChain)),
                Tuple.of(1, strings().map(m -> {
                    Exception e = new Exception(m, new Hostile.ExplodingException());
                    e.addSuppressed(new Hostile.ExplodingException());
                    e.setStackTrace(new StackTraceElement[] {new StackTraceElement("C\uD800", "m", null, -2)});
                    return e;
                })));
    }

    private static Map<String, Object> hugeMap(int entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            m.put("k" + i, i % 2 == 0 ? "v".repeat(200) : i);
        }
        return m;
    }
}
