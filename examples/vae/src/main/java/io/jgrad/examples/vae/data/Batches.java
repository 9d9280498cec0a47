package io.jgrad.examples.vae.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An epoch's order of examples and its cut into batches. The order comes from a generator the caller seeds, so a
 * seed fixes the whole run; the last batch keeps the examples left over, so no example is skipped.
 */
public final class Batches {
    /** A slice {@code [from, from + count)} of an epoch's order. */
    public record Batch(int from, int count) {}

    private Batches() {}

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates), fixed by the state of {@code random}. */
    public static int[] shuffledOrder(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Cuts {@code n} examples into batches of {@code batchSize}; the last has {@code n % batchSize} when not 0. */
    public static List<Batch> of(int n, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, not " + batchSize);
        }
        List<Batch> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
        for (int from = 0; from < n; from += batchSize) {
            batches.add(new Batch(from, Math.min(batchSize, n - from)));
        }
        return batches;
    }
}
