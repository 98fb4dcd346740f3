package ai.oceum.reliability;

/**
 * A generated hostile value with a description that is safe to print: jqwik reports failing
 * samples by walking maps and calling {@code toString}, which the hostile values are built to
 * break.
 *
 * @param value the value handed to the SDK
 * @param label how the sample is shown in a failure report
 */
record Input<T>(T value, String label) {

    static <T> Input<T> of(T value) {
        return new Input<>(value, describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String kind = value.getClass().getName();
        try {
            String s = String.valueOf(value);
            return kind + ": " + (s.length() > 120 ? s.substring(0, 120) + "…(" + s.length() + " chars)" : s);
        } catch (RuntimeException | StackOverflowError unprintable) {
            return kind + " (unprintable: " + unprintable.getClass().getSimpleName() + ")";
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
