package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Workers}: every job runs on the caller and exactly the asked-for helpers, once each, and failures surface. */
class WorkersTest {
    @Test
    void eachJobRunsOnceOnTheCallerAndEachHelper() {
        for (int helpers : new int[] {0, 1, 3, 1, 2}) {
            AtomicInteger runs = new AtomicInteger();
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Workers.shared().run(helpers, () -> {
                runs.incrementAndGet();
                threads.add(Thread.currentThread());
            });
            assertEquals(helpers + 1, runs.get(), "runs with " + helpers + " helpers");
            assertEquals(helpers + 1, threads.size(), "distinct threads with " + helpers + " helpers");
        }
    }

    @Test
    void manyShortJobsInARowAllComplete() {
        AtomicInteger total = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            Workers.shared().run(1, total::incrementAndGet);
        }
        assertEquals(20_000, total.get());
    }

    @Test
    void jobsAfterTheWorkersHaveParkedStillRun() throws InterruptedException {
        AtomicInteger total = new AtomicInteger();
        Workers.shared().run(1, total::incrementAndGet);
        Thread.sleep(Workers.POLL_NANOS / 1_000_000 + 20);    // long enough for the worker to park
        Workers.shared().run(1, total::incrementAndGet);
        assertEquals(4, total.get());
    }

    @Test
    void aFailureOnAWorkerIsThrownToTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        Thread caller = Thread.currentThread();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Workers.shared().run(1, () -> {
            if (Thread.currentThread() != caller) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AtomicInteger after = new AtomicInteger();
        Workers.shared().run(1, after::incrementAndGet);
        assertEquals(2, after.get(), "the pool still works after a failure");
    }
}
