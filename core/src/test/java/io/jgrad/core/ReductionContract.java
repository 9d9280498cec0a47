package io.jgrad.core;

import static io.jgrad.core.Properties.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The backend contract, reduction part: sum, mean and max over all elements and over chosen axes (one, several,
 * negative), with and without keepDim, on strided and broadcast inputs; argmax with ties. Expected values come
 * from a naive fold: each element goes to the result index that is its own index with the reduced coordinates 0.
 */
public abstract class ReductionContract extends FusedContract {
    record Reduction(Generators.Expanded input, int[] axes, boolean keepDim) {
    }

    record Argmax(Strided input, int axis, boolean keepDim) {
    }

    /** Sums, sums of magnitudes (the scale of the rounding error), maxima, and elements folded into each. */
    record Fold(double[] sum, double[] magnitude, double[] max, int count) {
    }

    /** A random input and a non-empty set of its axes in random order, some written as negative numbers. */
    static Reduction reduction(Rng rng) {
        int[] shape = Generators.shape(rng);
        int[] order = rng.permutation(shape.length);
        int[] axes = new int[rng.nextInt(1, shape.length + 1)];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = rng.nextBoolean() ? order[i] : order[i] - shape.length;
        }
        return new Reduction(Generators.input(rng, shape), axes, rng.nextBoolean());
    }

    static boolean[] reducedAxes(int rank, int[] axes) {
        boolean[] reduced = new boolean[rank];
        for (int axis : axes) {
            reduced[axis < 0 ? axis + rank : axis] = true;
        }
        return reduced;
    }

    /** The sizes of the result: reduced axes become 1 with keepDim, and disappear without it. */
    static int[] resultSizes(int[] sizes, boolean[] reduced, boolean keepDim) {
        return IntStream.range(0, sizes.length).filter(axis -> keepDim || !reduced[axis])
                .map(axis -> reduced[axis] ? 1 : sizes[axis]).toArray();
    }

    /** The naive fold of row-major {@code values} of shape {@code sizes} along the {@code reduced} axes. */
    static Fold fold(double[] values, int[] sizes, boolean[] reduced) {
        int[] kept = resultSizes(sizes, reduced, true);
        int n = Naive.numel(kept);
        Fold fold = new Fold(new double[n], new double[n], new double[n], values.length / Math.max(n, 1));
        Arrays.fill(fold.max(), Double.NEGATIVE_INFINITY);
        int[] index = new int[sizes.length];
        for (double v : values) {
            int[] target = index.clone();
            for (int axis = 0; axis < sizes.length; axis++) {
                target[axis] = reduced[axis] ? 0 : index[axis];
            }
            int j = Naive.flat(target, kept);
            fold.sum()[j] += v;
            fold.magnitude()[j] += Math.abs(v);
            fold.max()[j] = Math.max(fold.max()[j], v);
            Naive.next(index, sizes);
        }
        return fold;
    }

    private static double[] divide(double[] values, int count) {
        return Arrays.stream(values).map(v -> v / count).toArray();
    }

    @Test
    void sumMeanAndMaxOfAllElementsAreScalars() {
        forAll(CASES, rng -> Generators.input(rng, Generators.shape(rng)), in -> {
            int[] sizes = in.target();
            boolean[] all = new boolean[sizes.length];
            Arrays.fill(all, true);
            Fold fold = fold(in.values(), sizes, all);
            Tensor x = tensor(in);
            Tensor sum = x.sum();
            Tensor mean = x.mean();
            Tensor max = x.max();
            assertShape(sum);
            assertShape(mean);
            assertShape(max);
            assertClose(fold.sum(), fold.magnitude(), sum.toArray(), REL, "sum");
            assertClose(divide(fold.sum(), fold.count()), divide(fold.magnitude(), fold.count()), mean.toArray(),
                    REL, "mean");
            assertArrayEquals(toFloats(fold.max()), max.toArray(), "max");
        });
    }

    @Test
    void sumMeanAndMaxAlongChosenAxesMatchANaiveFold() {
        forAll(CASES, ReductionContract::reduction, r -> {
            int[] sizes = r.input().target();
            boolean[] reduced = reducedAxes(sizes.length, r.axes());
            int[] expectedSizes = resultSizes(sizes, reduced, r.keepDim());
            Fold fold = fold(r.input().values(), sizes, reduced);
            Tensor x = tensor(r.input());
            Tensor sum = x.sum(r.keepDim(), r.axes());
            Tensor mean = x.mean(r.keepDim(), r.axes());
            Tensor max = x.max(r.keepDim(), r.axes());
            assertShape(sum, expectedSizes);
            assertShape(mean, expectedSizes);
            assertShape(max, expectedSizes);
            assertClose(fold.sum(), fold.magnitude(), sum.toArray(), REL, "sum");
            assertClose(divide(fold.sum(), fold.count()), divide(fold.magnitude(), fold.count()), mean.toArray(),
                    REL, "mean");
            assertArrayEquals(toFloats(fold.max()), max.toArray(), "max");
        });
    }

    // A max that starts from 0 instead of -infinity passes every test with a positive element in each row.
    @Test
    void maxOfNegativeValuesIsNegative() {
        Tensor x = tensor(new float[] {-3, -1, -2, -5, -4, -6}, 2, 3);
        assertEquals(-1f, x.max().item());
        assertArrayEquals(new float[] {-1, -4}, x.max(false, 1).toArray());
        assertArrayEquals(new float[] {-3, -1, -2}, x.max(true, 0).toArray());
    }

    @Test
    void argmaxOnTiesIsTheFirstIndex() {
        Tensor x = tensor(new float[] {1, 3, 3, 2, 2, 1}, 2, 3);
        assertArrayEquals(new float[] {1, 0}, x.argmax(1, false).toArray());
        assertShape(x.argmax(-1, true), 2, 1);
        Tensor down = x.argmax(0, true);
        assertShape(down, 1, 3);
        assertArrayEquals(new float[] {1, 0, 0}, down.toArray());
    }

    // Values from {0, 1, 2} make ties common, so "first index" is exercised on almost every line.
    @Test
    void argmaxIsTheFirstIndexOfTheLargestValueAlongAnyAxis() {
        forAll(CASES, rng -> {
            Strided s = Generators.strided(rng);
            float[] storage = new float[s.storage().length];
            for (int i = 0; i < storage.length; i++) {
                storage[i] = rng.nextInt(3);
            }
            int rank = s.sizes().length;
            int axis = rng.nextInt(rank);
            return new Argmax(s.withStorage(storage), rng.nextBoolean() ? axis : axis - rank, rng.nextBoolean());
        }, a -> {
            int[] sizes = a.input().sizes();
            int axis = a.axis() < 0 ? a.axis() + sizes.length : a.axis();
            double[] values = a.input().values();
            int[] kept = sizes.clone();
            kept[axis] = 1;
            double[] expected = new double[Naive.numel(kept)];
            int[] line = new int[sizes.length];
            for (int j = 0; j < expected.length; j++) {
                int[] index = line.clone();
                double best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < sizes[axis]; i++) {
                    index[axis] = i;
                    if (values[Naive.flat(index, sizes)] > best) {
                        best = values[Naive.flat(index, sizes)];
                        expected[j] = i;
                    }
                }
                Naive.next(line, kept);
            }
            Tensor result = tensor(a.input()).argmax(a.axis(), a.keepDim());
            assertShape(result, resultSizes(sizes, reducedAxes(sizes.length, new int[] {axis}), a.keepDim()));
            assertArrayEquals(toFloats(expected), result.toArray());
        });
    }
}
