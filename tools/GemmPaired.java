import io.jgrad.core.fast.FastBackend;
import io.jgrad.core.fast.Gemm;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * jgrad's Gemm against OpenBLAS's cblas_sgemm in one JVM, in alternating time slices, so that both see the same
 * machine at the same moment: on a VM whose speed drifts by tens of percent from minute to minute, the ratio of two
 * neighbouring slices is steadier than the ratio of two separate runs. Run by tools/gemm-paired.sh, which says how.
 *
 * <p>The products are one n x n square ({@code n}), or the twelve of a VAE training step at batch 256 ({@code vae}):
 * for each of the four layers, the forward {@code Y = X W^T}, {@code dX = G W} and {@code dW = G^T X}, with the
 * transposes as the training step has them (views for jgrad, transpose flags for OpenBLAS). Each round times every
 * product with jgrad and OpenBLAS on one thread and on two, a slice of {@code seconds} each; the table gives the
 * medians of the rates and of each round's ratio. OpenBLAS is reached through the JDK 17 incubator's foreign linker.
 */
public final class GemmPaired {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    /**
     * One product C [m, n] = A [m, k] B [k, n]. For jgrad, A and B by (row, column) strides into row-major arrays of
     * {@code aRows x aCols} and {@code bRows x bCols}; for OpenBLAS, the same arrays with transpose flags.
     */
    record Product(String name, int m, int n, int k, int aRows, int aCols, boolean aTrans, int bRows, int bCols,
                   boolean bTrans) {
        int aRowStride() { return aTrans ? 1 : aCols; }
        int aColStride() { return aTrans ? aCols : 1; }
        int bRowStride() { return bTrans ? 1 : bCols; }
        int bColStride() { return bTrans ? bCols : 1; }
        double flops() { return 2.0 * m * n * k; }
    }

    private GemmPaired() {
    }

    static List<Product> products(String mode) {
        List<Product> products = new ArrayList<>();
        if (!mode.equals("vae")) {
            int n = Integer.parseInt(mode);
            products.add(new Product(n + "^3", n, n, n, n, n, false, n, n, false));
            return products;
        }
        int batch = 256;
        for (int[] layer : new int[][] {{784, 400}, {400, 40}, {20, 400}, {400, 784}}) {
            int in = layer[0];
            int out = layer[1];
            String name = in + "x" + out;
            products.add(new Product(name + " Y=XW'", batch, out, in, batch, in, false, out, in, true));
            products.add(new Product(name + " dX=GW", batch, in, out, batch, out, false, out, in, false));
            products.add(new Product(name + " dW=G'X", out, in, batch, batch, out, true, batch, in, false));
        }
        return products;
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: GemmPaired LIBOPENBLAS n|vae rounds seconds-per-slice");
        }
        System.load(args[0]);
        List<Product> products = products(args[1]);
        int rounds = Integer.parseInt(args[2]);
        double slice = Double.parseDouble(args[3]);

        CLinker linker = CLinker.getInstance();
        SymbolLookup symbols = SymbolLookup.loaderLookup();
        MethodHandle sgemm = linker.downcallHandle(symbols.lookup("cblas_sgemm").orElseThrow(),
                MethodType.methodType(void.class, int.class, int.class, int.class, int.class, int.class, int.class,
                        float.class, MemoryAddress.class, int.class, MemoryAddress.class, int.class,
                        float.class, MemoryAddress.class, int.class),
                FunctionDescriptor.ofVoid(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT,
                        CLinker.C_INT, CLinker.C_FLOAT, CLinker.C_POINTER, CLinker.C_INT, CLinker.C_POINTER,
                        CLinker.C_INT, CLinker.C_FLOAT, CLinker.C_POINTER, CLinker.C_INT));
        MethodHandle setThreads = linker.downcallHandle(symbols.lookup("openblas_set_num_threads").orElseThrow(),
                MethodType.methodType(void.class, int.class), FunctionDescriptor.ofVoid(CLinker.C_INT));

        // For each product: jgrad 1 thread, OpenBLAS 1 thread, jgrad 2 threads, OpenBLAS 2 threads.
        List<Runnable[]> runs = new ArrayList<>();
        Random random = new Random(1);
        for (Product p : products) {
            float[] a = random(random, p.aRows() * p.aCols());
            float[] b = random(random, p.bRows() * p.bCols());
            float[] c = new float[p.m() * p.n()];
            ResourceScope scope = ResourceScope.globalScope();
            MemorySegment na = MemorySegment.allocateNative(4L * a.length, 64, scope);
            MemorySegment nb = MemorySegment.allocateNative(4L * b.length, 64, scope);
            MemorySegment nc = MemorySegment.allocateNative(4L * c.length, 64, scope);
            na.copyFrom(MemorySegment.ofArray(a));
            nb.copyFrom(MemorySegment.ofArray(b));
            Runnable[] four = new Runnable[4];
            for (int t = 1; t <= 2; t++) {
                int threads = t;
                four[2 * (t - 1)] = () -> {
                    FastBackend.setThreads(threads);
                    Gemm.gemm(p.m(), p.n(), p.k(), a, 0, p.aRowStride(), p.aColStride(), b, 0, p.bRowStride(),
                            p.bColStride(), c, 0, p.n(), 1, false);
                };
                four[2 * (t - 1) + 1] = () -> {
                    try {
                        setThreads.invokeExact(threads);
                        sgemm.invokeExact(ROW_MAJOR, p.aTrans() ? TRANS : NO_TRANS, p.bTrans() ? TRANS : NO_TRANS,
                                p.m(), p.n(), p.k(), 1f, na.address(), p.aCols(), nb.address(), p.bCols(),
                                0f, nc.address(), p.n());
                    } catch (Throwable e) {
                        throw new RuntimeException(e);
                    }
                };
            }
            four[0].run();                               // both compute the same product, to float rounding
            four[1].run();
            float[] fromBlas = nc.toFloatArray();
            for (int i = 0; i < c.length; i++) {
                if (Math.abs(c[i] - fromBlas[i]) > 1e-3f * Math.max(1f, Math.abs(fromBlas[i]))) {
                    throw new AssertionError(p.name() + ": jgrad and OpenBLAS disagree at " + i + ": " + c[i]
                            + " vs " + fromBlas[i]);
                }
            }
            runs.add(four);
        }

        for (Runnable[] four : runs) {                   // warm-up: let the JIT compile Gemm, and OpenBLAS spin up
            for (Runnable run : four) {
                timeSlice(run, Math.max(0.5, 3.0 / products.size()));
            }
        }
        double[][][] rates = new double[products.size()][4][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < products.size(); i++) {
                for (int v = 0; v < 4; v++) {
                    rates[i][v][round] = products.get(i).flops() * timeSlice(runs.get(i)[v], slice) / 1e9;
                }
            }
        }
        System.out.printf("%d rounds of %.2f s slices; GFLOP/s, medians; ratios are medians of each round's%n",
                rounds, slice);
        System.out.println("product             jgrad-1  blas-1  ratio-1   jgrad-2  blas-2  ratio-2   jgrad 2/1");
        for (int i = 0; i < products.size(); i++) {
            double[][] r = rates[i];
            System.out.printf("%-18s %8.1f %7.1f %8.2f  %8.1f %7.1f %8.2f  %10.2f%n", products.get(i).name(),
                    median(r[0]), median(r[1]), medianRatio(r[0], r[1]), median(r[2]), median(r[3]),
                    medianRatio(r[2], r[3]), medianRatio(r[2], r[0]));
        }
    }

    private static float[] random(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }

    /** Runs {@code run} repeatedly for about {@code seconds}; returns products per second. */
    private static double timeSlice(Runnable run, double seconds) {
        int count = 0;
        long start = System.nanoTime();
        long now;
        do {
            run.run();
            count++;
            now = System.nanoTime();
        } while (now - start < seconds * 1e9);
        return count / ((now - start) / 1e9);
    }

    private static double medianRatio(double[] top, double[] bottom) {
        double[] ratios = new double[top.length];
        for (int i = 0; i < top.length; i++) {
            ratios[i] = top[i] / bottom[i];
        }
        return median(ratios);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
}
