import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The matrix products of two builds of jgrad in one JVM, in alternating time slices: each jar is loaded by a class
 * loader of its own, and both builds' {@code Gemm} compute the same products on the same operands, so that a change to
 * the products is measured with both sides on the same machine at the same moment (on a VM whose speed drifts by tens
 * of percent from minute to minute, two separate runs differ by more than most changes). Which build goes first
 * alternates from round to round. At the end each product's outputs are compared: a change that only moves work
 * around gives the same bits. Run by tools/gemm-ab.sh, which says how.
 */
public final class GemmAB {
    /** C [m, n] = A [m, k] B [k, n], A and B read through (row, column) strides, as the training step has them. */
    record Product(String name, int m, int n, int k, int aRs, int aCs, int bRs, int bCs) {
        double flops() { return 2.0 * m * n * k; }
    }

    private GemmAB() {
    }

    /** One n x n square, or the twelve products of a VAE training step at batch 256: Y = X W', dX = G W, dW = G' X. */
    static List<Product> products(String shape) {
        List<Product> products = new ArrayList<>();
        if (!shape.equals("vae")) {
            int n = Integer.parseInt(shape);
            products.add(new Product(n + "^3", n, n, n, n, 1, n, 1));
            return products;
        }
        int batch = 256;
        for (int[] layer : new int[][] {{784, 400}, {400, 40}, {20, 400}, {400, 784}}) {
            int in = layer[0];
            int out = layer[1];
            String name = in + "x" + out;
            products.add(new Product(name + " Y=XW'", batch, out, in, in, 1, 1, in));        // W [out, in] read as W'
            products.add(new Product(name + " dX=GW", batch, in, out, out, 1, in, 1));
            products.add(new Product(name + " dW=G'X", out, in, batch, 1, out, in, 1));      // G [batch, out] as G'
        }
        return products;
    }

    /** A build's {@code Gemm.gemm} and {@code FastBackend.setThreads}, from the build's own class loader. */
    record Build(MethodHandle gemm, MethodHandle setThreads) {
        static Build load(Path jar) throws Exception {
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle gemm = lookup.findStatic(loader.loadClass("io.jgrad.core.fast.Gemm"), "gemm",
                    MethodType.methodType(void.class, int.class, int.class, int.class, float[].class, int.class,
                            int.class, int.class, float[].class, int.class, int.class, int.class, float[].class,
                            int.class, int.class, int.class, boolean.class));
            MethodHandle threads = lookup.findStatic(loader.loadClass("io.jgrad.core.fast.FastBackend"),
                    "setThreads", MethodType.methodType(void.class, int.class));
            return new Build(gemm, threads);
        }

        void run(Product p, float[] a, float[] b, float[] c) throws Throwable {
            gemm.invokeExact(p.m(), p.n(), p.k(), a, 0, p.aRs(), p.aCs(), b, 0, p.bRs(), p.bCs(), c, 0, p.n(), 1, false);
        }

        /** Products per second over about {@code seconds}. */
        double rate(Product p, float[] a, float[] b, float[] c, double seconds) throws Throwable {
            int count = 0;
            long start = System.nanoTime();
            long now;
            do {
                run(p, a, b, c);
                count++;
                now = System.nanoTime();
            } while (now - start < seconds * 1e9);
            return count / ((now - start) / 1e9);
        }
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: GemmAB OLD.jar NEW.jar n|vae threads rounds seconds-per-slice");
        }
        Build[] builds = {Build.load(Path.of(args[0])), Build.load(Path.of(args[1]))};
        List<Product> products = products(args[2]);
        int threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        double slice = Double.parseDouble(args[5]);
        for (Build build : builds) {
            build.setThreads().invokeExact(threads);
        }
        Random random = new Random(1);
        System.out.printf("%d thread(s), %d rounds of %.2f s slices; GFLOP/s, medians; new/old: median of the rounds' "
                + "ratios (lowest-highest)%n", threads, rounds, slice);
        System.out.println("product             old     new   new/old  (range)        same bits");
        for (Product p : products) {
            float[] a = random(random, p.m() * p.k());
            float[] b = random(random, p.k() * p.n());
            float[][] c = {new float[p.m() * p.n()], new float[p.m() * p.n()]};
            for (int warm = 0; warm < 4; warm++) {            // the JIT compiles both builds' kernels first
                for (int i = 0; i < 2; i++) {
                    builds[i].rate(p, a, b, c[i], Math.max(0.25, slice));
                }
            }
            double[][] rates = new double[2][rounds];
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int o = 0; o < 2; o++) {
                    int i = r % 2 == 0 ? o : 1 - o;
                    rates[i][r] = p.flops() * builds[i].rate(p, a, b, c[i], slice) / 1e9;
                }
                ratios[r] = rates[1][r] / rates[0][r];
            }
            builds[0].run(p, a, b, c[0]);
            builds[1].run(p, a, b, c[1]);
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.printf("%-18s %6.1f  %6.1f  %7.3f  (%.3f-%.3f)  %s%n", p.name(), median(rates[0]),
                    median(rates[1]), median(ratios), sorted[0], sorted[rounds - 1],
                    Arrays.equals(c[0], c[1]) ? "yes" : "NO");
        }
    }

    private static float[] random(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
}
