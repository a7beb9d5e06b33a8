package io.castellan.testkit.fuzz;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one shape of every parser property: on {@code input}, the parser either returns a value or throws the
 * exception it declares; anything else (another exception, an {@link Error} such as a stack overflow) fails the
 * property with the input in the message and the throwable as the cause. A copy of this class lives in every fuzzed
 * module's {@code fuzz} test package; keep them identical.
 */
public final class Outcome {

    private Outcome() {
    }

    /**
     * @param input what was parsed, for the failure message
     * @param parse the parser call
     * @param declared the exception the parser declares for bad input
     * @param onRefusal checks of the declared exception (e.g. that its message does not echo the input)
     * @return the parsed value, or empty when the parser refused the input with {@code declared}
     */
    public static <T, E extends RuntimeException> Optional<T> of(Object input, Supplier<T> parse, Class<E> declared,
            Consumer<E> onRefusal) {
        T value;
        try {
            value = parse.get();
        } catch (Throwable t) {
            if (declared.isInstance(t)) {
                onRefusal.accept(declared.cast(t));
                return Optional.empty();
            }
            throw new AssertionError("unexpected " + t.getClass().getName() + " (not " + declared.getSimpleName()
                    + ") on input " + Printable.of(input), t);
        }
        if (value == null) {
            throw new AssertionError("the parser returned null on input " + Printable.of(input));
        }
        return Optional.of(value);
    }

    /** A cheap assertion for hot loops: the message is built only on failure. */
    public static void require(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }

    /** {@link #of} without checks of the refusal. */
    public static <T, E extends RuntimeException> Optional<T> of(Object input, Supplier<T> parse, Class<E> declared) {
        return of(input, parse, declared, e -> { });
    }
}
