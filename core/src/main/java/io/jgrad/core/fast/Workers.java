package io.jgrad.core.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Daemon threads that run one job at a time together with the calling thread: {@code run(helpers, work)} runs
 * {@code work} on the caller and on up to {@code helpers} workers at once and returns when it is done. Every job
 * takes its parts from a shared counter, so whichever threads run it do all of it: when the caller has run out of
 * parts, a worker that has not started yet is not waited for, only those still on a part. On this virtual machine a
 * worker is now and then not scheduled for a millisecond or more; the caller used to finish the job alone and then
 * wait for that worker to turn up, 0.2-0.6 ms of a 5 ms training step.
 *
 * <p>Between jobs a worker polls for the next one for {@link #POLL_NANOS} before it parks. A training step issues
 * its matrix products a few hundred microseconds apart, and waking a parked thread costs about 40 us here, often
 * 100 us and now and then a millisecond on a busy virtual machine; a worker that is still polling starts within a
 * microsecond. The poll is bounded, so an idle program does not keep a core busy.
 *
 * <p>Polling threads, and the calling thread waiting for the workers at the end of a job, yield the processor on
 * every turn rather than spin on it: when nothing else wants the core, {@code Thread.yield()} returns at once and a
 * training step runs as fast as with a spin, but in the first seconds of a run the JIT's compiler thread does, and on
 * two cores the one-thread-a-core arithmetic then breaks down: a spinning thread took a core from the compiler and
 * from the thread doing the work it waited for.
 */
final class Workers {
    /** How long an idle worker keeps polling for the next job before it parks. */
    static final long POLL_NANOS = 500_000;
    /**
     * Elements each thread must get before a pass over a dense array is split: a hand-off costs about a microsecond,
     * and a pass over 32768 floats about ten.
     */
    static final int MIN_ELEMENTS_PER_THREAD = 1 << 16;
    /** Parts per thread of a split pass, taken in turn. */
    static final int PARTS_PER_THREAD = 4;

    /** The threads the fast backend computes on, the calling thread included (see FastBackend.setThreads). */
    private static volatile int threads = Runtime.getRuntime().availableProcessors();

    private static final Workers SHARED = new Workers();

    /**
     * One job: what to run, how many workers may take part, and how many of them are running it now. A worker joins
     * only while the job is open; the calling thread closes it when its own share is done (the sign bit of
     * {@code running}) and then waits only for the workers that joined.
     */
    static final class Job {
        private static final int CLOSED = Integer.MIN_VALUE;

        final Runnable work;
        final int helpers;
        private final AtomicInteger running = new AtomicInteger();
        volatile Throwable failure;

        Job(Runnable work, int helpers) {
            this.work = work;
            this.helpers = helpers;
        }

        /** Whether a worker may still take part: false once the calling thread has closed the job. */
        boolean join() {
            for (int r = running.get(); r >= 0; r = running.get()) {
                if (running.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
            return false;
        }

        void leave() {
            running.decrementAndGet();
        }

        /** Closes the job to workers that have not joined, and waits for those that have. */
        void closeAndWait() {
            running.getAndAdd(CLOSED);                   // sets the sign bit: running counts fewer than 2^31
            while (running.get() != CLOSED) {
                Thread.yield();                          // the others' last parts
            }
        }
    }

    private final List<Worker> workers = new ArrayList<>();
    /** The latest job; a worker runs each job it has not seen yet if its index is below the job's helper count. */
    private volatile Job current;

    private Workers() {
    }

    static Workers shared() {
        return SHARED;
    }

    static int threads() {
        return threads;
    }

    static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + count);
        }
        threads = count;
    }

    /** A part {@code [from, to)} of a range of elements. */
    @FunctionalInterface
    interface Part {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into parts that the threads take in turn, about
     * {@link #PARTS_PER_THREAD} each, every part but the last a multiple of {@code align}; a range too short to give
     * each thread {@link #MIN_ELEMENTS_PER_THREAD} runs whole on the calling thread. For elementwise passes, whose
     * every element is computed alike wherever the cuts fall. Taken in turn, the parts let a thread that starts late,
     * or finds the data in the other core's cache, simply take fewer.
     */
    static void forParts(int n, int align, Part body) {
        forParts(n, align, MIN_ELEMENTS_PER_THREAD, body);
    }

    /** As above, for work costlier than a pass: split once each thread gets {@code minPerThread} elements. */
    static void forParts(int n, int align, int minPerThread, Part body) {
        int t = Math.min(threads, n / minPerThread);
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        int part = (n / (t * PARTS_PER_THREAD) + align - 1) / align * align;
        AtomicInteger next = new AtomicInteger();
        SHARED.run(t - 1, () -> {
            for (int from = next.getAndIncrement() * part; from < n; from = next.getAndIncrement() * part) {
                body.run(from, Math.min(n, from + part));
            }
        });
    }

    /**
     * Runs {@code work} on the calling thread and on up to {@code helpers} workers at once, and waits for the workers
     * that took part. {@code work} must finish the job whichever of the threads run it (parts taken from a shared
     * counter do), since a worker that starts after the calling thread has finished its run does not run it at all.
     */
    synchronized void run(int helpers, Runnable work) {
        while (workers.size() < helpers) {
            Worker worker = new Worker(workers.size());
            workers.add(worker);
            worker.start();
        }
        Job job = new Job(work, helpers);
        current = job;
        for (int i = 0; i < helpers; i++) {
            workers.get(i).wake();
        }
        Throwable failure = null;
        try {
            work.run();
        } catch (Throwable t) {
            failure = t;
        }
        job.closeAndWait();
        if (failure == null) {
            failure = job.failure;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("worker failed", failure);
        }
    }

    private final class Worker extends Thread {
        private final int index;
        private volatile boolean parked;

        Worker(int index) {
            super("jgrad-worker-" + index);
            this.index = index;
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            Job seen = null;
            while (true) {
                long idleSince = System.nanoTime();
                while (current == seen) {
                    if (System.nanoTime() - idleSince < POLL_NANOS) {
                        Thread.yield();
                    } else {
                        // NOTE: parked is set before current is read again, and run() sets current before it
                        // reads parked, so either this thread sees the new job or run() sees it parked and wakes it.
                        parked = true;
                        if (current == seen) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                Job job = current;
                seen = job;
                if (index < job.helpers && job.join()) {
                    try {
                        job.work.run();
                    } catch (Throwable t) {
                        job.failure = t;
                    } finally {
                        job.leave();
                    }
                }
            }
        }
    }
}
