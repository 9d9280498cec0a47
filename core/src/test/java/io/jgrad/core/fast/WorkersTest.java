package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Workers}: a job's parts, taken from a shared counter, are each done once whichever threads take part;
 * workers do take part; the caller waits for a worker that joined and not for one that did not; failures surface.
 */
class WorkersTest {
    /** A job of {@code parts} parts taken in turn; {@code done[i]} counts how often part i ran. */
    private static void runParts(int helpers, int parts, AtomicIntegerArray done, Set<Thread> threads) {
        AtomicInteger next = new AtomicInteger();
        Workers.shared().run(helpers, () -> {
            for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                done.incrementAndGet(i);
                threads.add(Thread.currentThread());
            }
        });
    }

    @Test
    void everyPartOfAJobIsDoneOnceOnAtMostTheAskedForThreads() {
        for (int helpers : new int[] {0, 1, 3, 1, 2}) {
            AtomicIntegerArray done = new AtomicIntegerArray(100);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            runParts(helpers, 100, done, threads);
            for (int i = 0; i < 100; i++) {
                assertEquals(1, done.get(i), "part " + i + " with " + helpers + " helpers");
            }
            assertTrue(threads.size() <= helpers + 1, threads.size() + " threads for " + helpers + " helpers");
        }
    }

    @Test
    void aWorkerTakesPartInAJobThatWaitsForIt() {
        Thread caller = Thread.currentThread();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Workers.shared().run(1, () -> {
            threads.add(Thread.currentThread());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Thread.currentThread() == caller && threads.size() < 2 && System.nanoTime() < deadline) {
                Thread.yield();
            }
        });
        assertEquals(2, threads.size(), "the worker joined the job within 5 s");
    }

    @Test
    void manyShortJobsInARowAllComplete() {
        AtomicIntegerArray done = new AtomicIntegerArray(2);
        for (int i = 0; i < 10_000; i++) {
            runParts(1, 2, done, ConcurrentHashMap.newKeySet());
        }
        assertEquals(10_000, done.get(0));
        assertEquals(10_000, done.get(1));
    }

    @Test
    void jobsAfterTheWorkersHaveParkedStillComplete() throws InterruptedException {
        AtomicIntegerArray done = new AtomicIntegerArray(8);
        runParts(1, 8, done, ConcurrentHashMap.newKeySet());
        Thread.sleep(Workers.POLL_NANOS / 1_000_000 + 20);    // long enough for the worker to park
        runParts(1, 8, done, ConcurrentHashMap.newKeySet());
        for (int i = 0; i < 8; i++) {
            assertEquals(2, done.get(i), "part " + i);
        }
    }

    @Test
    void theCallerWaitsForAWorkerThatJoinedAndAWorkerCannotJoinAClosedJob() throws InterruptedException {
        Workers.Job job = new Workers.Job(() -> { }, 1);
        assertTrue(job.join());
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            job.leave();
        });
        late.start();
        long start = System.nanoTime();
        job.closeAndWait();
        assertTrue(System.nanoTime() - start >= 50_000_000L, "closeAndWait returned before the joined worker left");
        assertFalse(job.join(), "joined a closed job");
        late.join();
    }

    @Test
    void aFailureOnAWorkerIsThrownToTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        Thread caller = Thread.currentThread();
        AtomicInteger arrived = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Workers.shared().run(1, () -> {
            arrived.incrementAndGet();
            if (Thread.currentThread() != caller) {
                throw boom;
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (arrived.get() < 2 && System.nanoTime() < deadline) {    // keep the job open for the worker
                Thread.yield();
            }
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray done = new AtomicIntegerArray(4);
        runParts(1, 4, done, ConcurrentHashMap.newKeySet());
        assertEquals(4, done.get(0) + done.get(1) + done.get(2) + done.get(3), "the pool still works after a failure");
    }
}
