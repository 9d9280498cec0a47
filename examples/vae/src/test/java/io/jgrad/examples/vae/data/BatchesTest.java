package io.jgrad.examples.vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
    @Test
    void theSameSeedGivesTheSameOrder() {
        assertArrayEquals(Batches.shuffledOrder(1000, new SplittableRandom(42)),
                Batches.shuffledOrder(1000, new SplittableRandom(42)));
    }

    @Test
    void differentSeedsGiveDifferentOrders() {
        assertFalse(Arrays.equals(Batches.shuffledOrder(1000, new SplittableRandom(1)),
                Batches.shuffledOrder(1000, new SplittableRandom(2))));
    }

    @Test
    void theOrderIsAPermutationOfAllExamples() {
        int[] order = Batches.shuffledOrder(1000, new SplittableRandom(7));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 1000).toArray(), sorted);
        assertFalse(Arrays.equals(sorted, order), "a shuffle of 1000 leaves them in order with negligible chance");
    }

    @Test
    void theLastPartialBatchIsKept() {
        assertEquals(List.of(new Batches.Batch(0, 4), new Batches.Batch(4, 4), new Batches.Batch(8, 2)),
                Batches.of(10, 4));
    }

    @Test
    void aMultipleOfTheBatchSizeEndsWithoutAnEmptyBatch() {
        assertEquals(List.of(new Batches.Batch(0, 4), new Batches.Batch(4, 4)), Batches.of(8, 4));
        assertEquals(List.of(), Batches.of(0, 4));
    }
}
