package io.jgrad.benchmarks;

import io.jgrad.cuda.CudaStorage;

/**
 * {@code ./vae}'s command line as it is, plus the CUDA backend's live-allocation counter
 * ({@link CudaStorage#liveAllocations()}) while it runs and after it: the probe that {@code tools/gpu-run.sh} runs
 * {@code train --device cuda} through, since the trainer itself prints no allocation count. Usage:
 * {@code java @jvm.args -cp benchmarks.jar io.jgrad.benchmarks.TrainAllocations train --device cuda ...}.
 *
 * <p>A daemon thread samples the counter every 100 ms. When the command exits (its own status is kept), a shutdown
 * hook prints one line: the count at exit (parameters, gradients and Adam's moments, owned, plus the reuse pool's
 * blocks, which the trainer does not release), the largest sample, and the count once the garbage collector has
 * made the trainer's objects unreachable and their Cleaners have freed them: 0 unless something leaks.
 */
public final class TrainAllocations {
    private static final long SAMPLE_MILLIS = 100;
    private static final long SETTLE_MILLIS = 5000;

    private TrainAllocations() {
    }

    public static void main(String[] args) {
        int[] peak = {0};
        Thread sampler = new Thread(() -> {
            while (true) {
                synchronized (peak) {
                    peak[0] = Math.max(peak[0], CudaStorage.liveAllocations());
                }
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cuda-allocation-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> report(peak), "cuda-allocation-report"));
        io.jgrad.examples.vae.Main.main(args);
    }

    private static void report(int[] peak) {
        int atExit = CudaStorage.liveAllocations();
        int largest;
        synchronized (peak) {
            largest = Math.max(peak[0], atExit);
        }
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        int settled = atExit;
        while (settled > 0 && System.nanoTime() < deadline) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
            settled = CudaStorage.liveAllocations();
        }
        System.err.printf("cuda live allocations: %d at exit, %d at most (sampled every %d ms), %d after GC and "
                + "the Cleaners (%s)%n", atExit, largest, SAMPLE_MILLIS, settled,
                settled == 0 ? "nothing leaked" : "still allocated after " + SETTLE_MILLIS / 1000 + " s: a leak, or "
                        + "something still reachable");
    }
}
