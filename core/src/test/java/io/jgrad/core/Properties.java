package io.jgrad.core;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A tiny seeded property harness on plain JUnit: a generator draws an input from an {@link Rng}, a check asserts
 * something about it, and this runs the check on many inputs. Every case has its own seed, derived from one base
 * seed, so a failure names the seed and the input, and {@link #replay} runs exactly that case again.
 *
 * <p>The base seed is fixed so CI is deterministic; {@code -Djgrad.seed=123} explores other cases locally.
 */
public final class Properties {
    /** Cases per property: enough to meet every rank and many permutations, still a fraction of a second. */
    public static final int CASES = 200;

    static final long BASE_SEED = Long.getLong("jgrad.seed", 0x6A67_7261_64L);

    private static final int SHOWN_VALUES = 16;

    private Properties() {
    }

    /** Checks {@code property} on {@link #CASES} inputs drawn by {@code generator}. */
    public static <T> void forAll(Function<Rng, T> generator, Consumer<T> property) {
        forAll(CASES, generator, property);
    }

    /** Checks {@code property} on {@code cases} inputs drawn by {@code generator}. */
    public static <T> void forAll(int cases, Function<Rng, T> generator, Consumer<T> property) {
        Rng seeds = new Rng(BASE_SEED);
        for (int i = 0; i < cases; i++) {
            check("case " + i + " of " + cases, seeds.nextLong(), generator, property);
        }
    }

    /** Runs the one case with {@code seed} (as printed by a failure), to debug it. */
    public static <T> void replay(long seed, Function<Rng, T> generator, Consumer<T> property) {
        check("replayed case", seed, generator, property);
    }

    private static <T> void check(String label, long seed, Function<Rng, T> generator, Consumer<T> property) {
        T input = generator.apply(new Rng(seed));
        try {
            property.accept(input);
        } catch (AssertionError | RuntimeException failure) {
            throw new AssertionError(label + " failed: " + failure.getMessage()
                    + "\n  replay: Properties.replay(0x" + Long.toHexString(seed) + "L, ...)"
                    + "\n  input:  " + describe(input), failure);
        }
    }

    /** A readable rendering of an input: arrays by content (long ones cut short), records component by component. */
    static String describe(Object input) {
        if (input == null) {
            return "null";
        }
        if (input instanceof float[] a) {
            String shown = Arrays.toString(Arrays.copyOf(a, Math.min(a.length, SHOWN_VALUES)));
            return a.length <= SHOWN_VALUES ? shown : shown.replace("]", ", ... (" + a.length + " values)]");
        }
        if (input instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (input instanceof Object[] a) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                out.append(i == 0 ? "" : ", ").append(describe(a[i]));
            }
            return out.append(']').toString();
        }
        if (input instanceof Record r) {
            StringBuilder out = new StringBuilder(r.getClass().getSimpleName()).append('(');
            RecordComponent[] components = r.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
                try {
                    components[i].getAccessor().setAccessible(true);
                    out.append(describe(components[i].getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    out.append('?');
                }
            }
            return out.append(')').toString();
        }
        return input.toString();
    }
}
