package io.jgrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Rng}: reproducible (same seed, same numbers; a saved state resumes exactly) and roughly right in
 * distribution. The statistical bounds are loose, many standard errors wide, so they never flake.
 */
class RngTest {
    private static final int DRAWS = 100_000;

    @Test
    void theSameSeedGivesTheSameNumbers() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertArrayEquals(new Rng(7).normal(100, 0f, 1f), new Rng(7).normal(100, 0f, 1f));
        assertFalse(Arrays.equals(new Rng(7).uniform(100, 0f, 1f), new Rng(8).uniform(100, 0f, 1f)));
    }

    // A checkpoint saves state(); new Rng(state) must continue with exactly the numbers the old one would draw,
    // whatever mix of draws came before (a gaussian uses two words, a float one).
    @Test
    void aSavedStateContinuesIdentically() {
        Rng original = new Rng(2024);
        original.nextGaussian();
        original.nextFloat();
        original.nextInt(10);
        Rng resumed = new Rng(original.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(original.nextLong(), resumed.nextLong());
            assertEquals(original.nextGaussian(), resumed.nextGaussian());
            assertEquals(original.nextFloat(), resumed.nextFloat());
        }
    }

    @Test
    void aGeneratorAheadDrawsWhatThisOneWillAndSkipCatchesUp() {
        Rng walked = new Rng(77);
        Rng ahead = new Rng(77).ahead(6);
        for (int i = 0; i < 6; i++) {
            walked.nextLong();
        }
        assertEquals(walked.nextLong(), ahead.nextLong());
        Rng skipped = new Rng(77);
        skipped.skip(7);
        assertEquals(walked.state(), skipped.state());
        float[] draws = new Rng(5).normal(9, 0f, 1f);
        Rng fifth = new Rng(5).ahead(2 * 5);            // draw i of normal() starts at word 2i
        assertEquals(draws[5], (float) fifth.nextGaussian());
    }

    @Test
    void uniformDrawsStayInTheirRangeAndFillIt() {
        float[] values = new Rng(1).uniform(DRAWS, -2f, 3f);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            assertTrue(v >= -2f && v < 3f, "draw " + v + " outside [-2, 3)");
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min < -1.99 && max > 2.99, "range [" + min + ", " + max + "]");
        assertEquals(0.5, sum / DRAWS, 0.05, "mean");
        Rng rng = new Rng(2);
        for (int i = 0; i < DRAWS; i++) {
            float f = rng.nextFloat();
            assertTrue(f >= 0f && f < 1f, "nextFloat gave " + f);
        }
    }

    // NOTE: low + (high - low) * u rounds up to exactly high for the largest u in about a third of all ranges, e.g.
    // [1.5, 3.25). To meet that draw, the test builds the seed whose first word has all 24 top bits set, by running
    // SplitMix64's output function backwards (each of its steps is invertible).
    @Test
    void theLargestDrawStaysBelowHigh() {
        long seed = unmix(0xFFFFFFL << 40) - 0x9E3779B97F4A7C15L;
        assertEquals(1f - 0x1.0p-24f, new Rng(seed).nextFloat(), "the seed gives the largest float draw");
        for (float[] range : new float[][] {{0.1f, 0.7f}, {-1f, 1f}, {0f, 1f}, {-2f, 0.3f}, {1.5f, 3.25f}}) {
            float v = new Rng(seed).uniform(1, range[0], range[1])[0];
            assertTrue(v >= range[0] && v < range[1], "draw " + v + " outside " + Arrays.toString(range));
        }
    }

    /** The state whose SplitMix64 output is {@code out}: undo the xor-shifts and the odd multiplications. */
    private static long unmix(long out) {
        long z = unshift(out, 31) * inverse(0x94D049BB133111EBL);
        z = unshift(z, 27) * inverse(0xBF58476D1CE4E5B9L);
        return unshift(z, 30);
    }

    /** Undoes {@code z ^= z >>> shift}. */
    private static long unshift(long z, int shift) {
        long x = z;
        for (int s = shift; s < 64; s += shift) {
            x = z ^ (x >>> shift);
        }
        return x;
    }

    /** The inverse of an odd number modulo 2^64, by Newton's iteration (each step doubles the correct bits). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    // Over 100k draws the sample mean's standard error is std / 316, about 0.006 here; the bounds allow 0.05.
    @Test
    void normalDrawsHaveRoughlyTheRequestedMeanAndStd() {
        float[] values = new Rng(3).normal(DRAWS, 1.5f, 2f);
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            assertTrue(Float.isFinite(v), "non-finite draw " + v);
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / DRAWS;
        double std = Math.sqrt(squares / DRAWS - mean * mean);
        assertEquals(1.5, mean, 0.05, "mean");
        assertEquals(2.0, std, 0.05, "std");
    }

    @Test
    void permutationIsAPermutationAndDeterministic() {
        for (int n : new int[] {0, 1, 2, 7, 100}) {
            int[] order = new Rng(n).permutation(n);
            assertArrayEquals(IntStream.range(0, n).toArray(), IntStream.of(order).sorted().toArray());
            assertArrayEquals(order, new Rng(n).permutation(n));
        }
        assertFalse(Arrays.equals(new Rng(1).permutation(100), new Rng(2).permutation(100)));
    }

    // Tensor factories draw from the Rng they are given and from nothing else.
    @Test
    void randomTensorsAreReproducibleFromTheirSeed() {
        assertArrayEquals(Tensor.uniform(new Rng(5), 0f, 1f, 3, 4).toArray(),
                Tensor.uniform(new Rng(5), 0f, 1f, 3, 4).toArray());
        assertArrayEquals(Tensor.normal(new Rng(5), 0f, 1f, 3, 4).toArray(), new Rng(5).normal(12, 0f, 1f));
    }
}
