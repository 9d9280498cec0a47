import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What kind of minute the machine is in, measured in about three seconds: one thread's rate of fused multiply-adds
 * (16 independent chains of the preferred species, so the FMA units and not their latency decide), and the rate of a
 * pass over memory shaped like Adam's (four arrays read, three written back, 64 MiB in all, more than the caches
 * hold), on one thread and on two. On these VMs the two move independently from one minute to the next: in some
 * minutes the products slow down, in others the passes over memory do. Printed before each round of a comparison
 * (tools/compare-with-torch.sh), they say which spell a round's figures come from.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector tools/SpellProbe.java}; prints one line.
 */
public final class SpellProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Floats per array: four arrays of 16 MiB. */
    private static final int N = 4 << 20;

    private SpellProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        float[][] arrays = new float[4][N];
        for (float[] a : arrays) {
            Arrays.fill(a, 0.5f);
        }
        fmaRate(0.5);                                            // warm-up: C2 compiles the loops
        memoryRate(arrays, 1, 0.3);
        memoryRate(arrays, 2, 0.3);
        double fma = fmaRate(0.5);
        double one = memoryRate(arrays, 1, 0.5);
        double two = memoryRate(arrays, 2, 0.5);
        System.out.printf("spell: FMA one thread %.0f GFLOP/s (%d lanes); Adam-like pass over 64 MiB %.0f GB/s on one"
                + " thread, %.0f on two%n", fma, LANES, one, two);
    }

    /** GFLOP/s of one thread running 16 independent chains of fused multiply-adds for about {@code seconds}. */
    static double fmaRate(double seconds) {
        long steps = 0;
        float keep = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            keep += chains(1 << 14);
            steps += 1 << 14;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (keep == 42f) {
            System.out.print("");                                // keeps the chains from being optimised away
        }
        return steps * 16.0 * 2 * LANES / elapsed / 1e9;
    }

    /**
     * {@code steps} rounds of 16 independent fused multiply-adds, summed into one float. NOTE: the vectors live and die
     * inside this method, which the timing loop calls again and again, so that C2 compiles it whole and keeps them in
     * registers; a vector held across a long loop in the caller was boxed (1 GFLOP/s).
     */
    static float chains(int steps) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int i = 0; i < steps; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).reduceLanes(VectorOperators.ADD);
    }

    /**
     * GB/s of passes that read four arrays and write three of them back (28 bytes an element, as Adam moves), the
     * arrays cut into {@code threads} contiguous parts, for about {@code seconds}: the median of the passes.
     */
    static double memoryRate(float[][] d, int threads, double seconds) throws InterruptedException {
        AtomicInteger started = new AtomicInteger();      // passes handed out; -1 to stop
        AtomicInteger finished = new AtomicInteger();     // helpers' parts done
        Thread[] helpers = new Thread[threads - 1];
        for (int t = 1; t < threads; t++) {
            int part = t;
            helpers[t - 1] = new Thread(() -> {
                // NOTE: the helpers wait by yielding, not parking, so that each pass starts on every thread at once
                for (int seen = 0; ; seen++) {
                    int now;
                    while ((now = started.get()) == seen) {
                        Thread.yield();
                    }
                    if (now < 0) {
                        return;
                    }
                    pass(d, part * N / threads, (part + 1) * N / threads);
                    finished.incrementAndGet();
                }
            });
            helpers[t - 1].start();
        }
        List<Double> rates = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int round = 1; System.nanoTime() < end; round++) {
            long start = System.nanoTime();
            started.set(round);
            pass(d, 0, N / threads);
            while (finished.get() < round * (threads - 1)) {
                Thread.yield();
            }
            rates.add(28.0 * N / (System.nanoTime() - start));
        }
        started.set(-1);
        for (Thread helper : helpers) {
            helper.join();
        }
        rates.sort(null);
        return rates.get(rates.size() / 2);
    }

    /** Elements {@code [from, to)}: reads p, g, m, v and writes p, m, v, as an Adam step would. */
    static void pass(float[][] d, int from, int to) {
        float[] p = d[0], g = d[1], m = d[2], v = d[3];
        int bound = from + (to - from) / LANES * LANES;
        for (int i = from; i < bound; i += LANES) {
            FloatVector gi = FloatVector.fromArray(SPECIES, g, i);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, i).mul(0.9f).add(gi.mul(0.1f));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, i).mul(0.999f).add(gi.mul(gi).mul(0.001f));
            FloatVector.fromArray(SPECIES, p, i).sub(mi.mul(1e-9f)).intoArray(p, i);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
        }
    }
}
