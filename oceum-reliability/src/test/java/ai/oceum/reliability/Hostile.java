package ai.oceum.reliability;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Objects that break the usual contracts, as application data sometimes does. */
final class Hostile {
    private Hostile() {}

    /** A bean whose getter and {@code toString} throw. */
    static final class ExplodingBean {
        public String getName() {
            throw new IllegalStateException("getter exploded");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString exploded");
        }
    }

    /** {@code toString} recurses until the stack overflows. */
    static final class BottomlessToString {
        @Override
        public String toString() {
            return "x" + this;
        }
    }

    /** A map that claims entries but throws when read. */
    static final class ExplodingMap extends AbstractMap<String, Object> {
        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw new IllegalStateException("entrySet exploded");
        }

        // Identity equality: the generator puts values in sets; only the SDK should meet the explosion.
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public int size() {
            return 3;
        }
    }

    /** An iterable whose iterator throws half-way. */
    static final class ExplodingIterable implements Iterable<Object> {
        @Override
        public Iterator<Object> iterator() {
            return new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Object next() {
                    if (n++ == 2) {
                        throw new IllegalStateException("iterator exploded");
                    }
                    return n;
                }
            };
        }
    }

    /** A char sequence whose every method throws. */
    static final class ExplodingChars implements CharSequence {
        @Override
        public int length() {
            throw new IllegalStateException("length exploded");
        }

        @Override
        public char charAt(int index) {
            throw new IllegalStateException("charAt exploded");
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new IllegalStateException("subSequence exploded");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString exploded");
        }
    }

    /** An exception whose message, string form and stack trace all throw. */
    static final class ExplodingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage exploded");
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("getLocalizedMessage exploded");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString exploded");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("getStackTrace exploded");
        }
    }

    /**
     * A map with identity equality: a cycle makes {@code equals}/{@code hashCode} recurse forever,
     * and the generator compares values; the SDK must cope with the cycle, not with that.
     */
    static final class IdentityMap extends HashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A list with identity equality, for the same reason. */
    static final class IdentityList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A map that holds itself. */
    static Map<String, Object> cyclicMap() {
        Map<String, Object> m = new IdentityMap();
        m.put("self", m);
        List<Object> holder = new IdentityList();
        holder.add(m);
        m.put("list", holder);
        return m;
    }

    /** A list that holds itself. */
    static List<Object> cyclicList() {
        List<Object> l = new IdentityList();
        l.add(l);
        l.add("after");
        return l;
    }

    /** Two exceptions that are each other's cause, one suppressing the other. */
    static Throwable causeCycle(String message) {
        RuntimeException a = new RuntimeException(message);
        IllegalStateException b = new IllegalStateException(message, a);
        a.initCause(b);
        a.addSuppressed(b);
        return a;
    }

    /** A cause chain deeper than any renderer should follow. */
    static Throwable deepChain(int depth) {
        Throwable t = new RuntimeException("root");
        for (int i = 0; i < depth; i++) {
            t = new RuntimeException("level " + i, t);
        }
        return t;
    }
}
