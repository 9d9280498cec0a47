package io.jgrad.core;

import java.util.random.RandomGenerator;

/**
 * A seeded random generator (SplitMix64): the same seed gives the same numbers on every run and machine.
 * Its whole state is one {@code long}, so a training checkpoint can save it and resume exactly.
 *
 * <p>Invariant: every draw advances the state by one step per 64-bit word used; nothing else changes it.
 */
public final class Rng implements RandomGenerator {
    /** What each word moves the state by (SplitMix64's golden-ratio step). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The current state, to save; {@code new Rng(state)} continues from exactly here. */
    public long state() {
        return state;
    }

    @Override
    public long nextLong() {
        long z = (state += GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits, the precision of a float. */
    @Override
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * A draw from N(0, 1) by the Box-Muller transform: {@code sqrt(-2 ln u1) * cos(2 pi u2)}, u1 in (0, 1].
     * One of the pair is used, so each draw costs exactly two words and the state stays a single long.
     */
    @Override
    public double nextGaussian() {
        double u1 = 1.0 - (nextLong() >>> 11) * 0x1.0p-53;
        double u2 = (nextLong() >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** {@code n} draws uniform in [low, high). */
    public float[] uniform(int n, float low, float high) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            float v = low + (high - low) * nextFloat();
            // NOTE: rounding can carry the largest draws up to exactly high; keep the interval half-open.
            values[i] = v < high || high <= low ? v : Math.nextDown(high);
        }
        return values;
    }

    /**
     * A generator that starts where this one will be after {@code words} more 64-bit words; this one does not move.
     * The state only counts words, so the draws of a long call can be made in parts, each from its own point:
     * draw i of {@link #normal} uses words 2i and 2i + 1 (see {@link #skip}).
     */
    public Rng ahead(long words) {
        return new Rng(state + words * GAMMA);
    }

    /** Moves on by {@code words} 64-bit words, as drawing them would (once the draws were made with {@link #ahead}). */
    public void skip(long words) {
        state += words * GAMMA;
    }

    /** {@code n} draws from N(mean, std^2): {@code (float) (mean + std * nextGaussian())}, two words each. */
    public float[] normal(int n, float mean, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + std * nextGaussian());
        }
        return values;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
