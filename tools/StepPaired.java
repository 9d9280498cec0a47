import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One VAE training step (the benchmarks' VaeStepBenchmark) from two builds of jgrad in one JVM, in alternating time
 * slices: each benchmarks jar is loaded by a class loader of its own, so the two builds run side by side with their
 * own classes and threads, and the ratio of two neighbouring slices is steady on a VM whose speed drifts by tens of
 * percent from minute to minute. Run by tools/step-paired.sh, which says how.
 */
public final class StepPaired {
    private StepPaired() {
    }

    /** A build's step: the benchmark object and its step method, from the build's own class loader. */
    record Build(String name, Object benchmark, Method step) {
        static Build load(String name, Path jar, String device) throws Exception {
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass("io.jgrad.benchmarks.VaeStepBenchmark");
            Object benchmark = type.getDeclaredConstructor().newInstance();
            Field field = type.getDeclaredField("device");
            field.setAccessible(true);
            field.set(benchmark, device);
            type.getMethod("setUp").invoke(benchmark);
            return new Build(name, benchmark, type.getMethod("step"));
        }

        /** Steps per second over about {@code seconds}. */
        double rate(double seconds) throws Exception {
            int count = 0;
            long start = System.nanoTime();
            long now;
            do {
                step.invoke(benchmark);
                count++;
                now = System.nanoTime();
            } while (now - start < seconds * 1e9);
            return count / ((now - start) / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: StepPaired OLD.jar NEW.jar rounds seconds-per-slice");
        }
        Build old = Build.load("old", Path.of(args[0]), "cpu");
        Build fresh = Build.load("new", Path.of(args[1]), "cpu");
        int rounds = Integer.parseInt(args[2]);
        double slice = Double.parseDouble(args[3]);
        for (int i = 0; i < 4; i++) {                      // warm-up: both builds' kernels compiled by the JIT
            old.rate(2.0);
            fresh.rate(2.0);
        }
        double[][] ms = new double[2][rounds];
        double[] ratios = new double[rounds];
        System.out.println("round   old ms   new ms   new/old");
        for (int r = 0; r < rounds; r++) {
            boolean oldFirst = r % 2 == 0;                     // alternate which build goes first
            double a = 1000 / (oldFirst ? old : fresh).rate(slice);
            double b = 1000 / (oldFirst ? fresh : old).rate(slice);
            ms[0][r] = oldFirst ? a : b;
            ms[1][r] = oldFirst ? b : a;
            ratios[r] = ms[1][r] / ms[0][r];
            System.out.printf("%5d  %7.3f  %7.3f  %8.3f%n", r + 1, ms[0][r], ms[1][r], ratios[r]);
        }
        System.out.printf("median %7.3f  %7.3f  %8.3f%n", median(ms[0]), median(ms[1]), median(ratios));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
}
