import io.jgrad.core.fast.Gemm;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Arrays;
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
 * <p>Each round times jgrad on one thread, OpenBLAS on one thread, jgrad on two and OpenBLAS on two, a slice of
 * {@code seconds} each, on the same n x n row-major operands; it prints the four rates and the round's ratios, then
 * the medians of the rates and of the ratios. OpenBLAS is reached through the JDK 17 incubator's foreign linker.
 */
public final class GemmPaired {
    private GemmPaired() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: GemmPaired LIBOPENBLAS n rounds seconds-per-slice");
        }
        String library = args[0];
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        double slice = Double.parseDouble(args[3]);

        Random random = new Random(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
            b[i] = random.nextFloat();
        }

        System.load(library);
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
        ResourceScope scope = ResourceScope.globalScope();
        MemorySegment na = MemorySegment.allocateNative(4L * n * n, 64, scope);
        MemorySegment nb = MemorySegment.allocateNative(4L * n * n, 64, scope);
        MemorySegment nc = MemorySegment.allocateNative(4L * n * n, 64, scope);
        na.copyFrom(MemorySegment.ofArray(a));
        nb.copyFrom(MemorySegment.ofArray(b));
        final int rowMajor = 101;
        final int noTrans = 111;

        Runnable[] runs = new Runnable[4];
        String[] names = {"jgrad 1 thread", "OpenBLAS 1 thread", "jgrad 2 threads", "OpenBLAS 2 threads"};
        for (int t = 1; t <= 2; t++) {
            int threads = t;
            runs[2 * (t - 1)] = () -> {
                Gemm.setThreads(threads);
                Gemm.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, 1, false);
            };
            runs[2 * (t - 1) + 1] = () -> {
                try {
                    setThreads.invokeExact(threads);
                    sgemm.invokeExact(rowMajor, noTrans, noTrans, n, n, n, 1f, na.address(), n, nb.address(), n,
                            0f, nc.address(), n);
                } catch (Throwable e) {
                    throw new RuntimeException(e);
                }
            };
        }

        runs[0].run();                                   // both compute the same product, to float rounding
        runs[1].run();
        float[] fromBlas = nc.toFloatArray();
        for (int i = 0; i < c.length; i++) {
            if (Math.abs(c[i] - fromBlas[i]) > 1e-3f * Math.abs(fromBlas[i])) {
                throw new AssertionError("jgrad and OpenBLAS disagree at " + i + ": " + c[i] + " vs " + fromBlas[i]);
            }
        }

        for (Runnable run : runs) {                      // warm-up: let the JIT compile Gemm, and OpenBLAS spin up
            timeSlice(run, 3.0);
        }
        double flops = 2.0 * n * n * n;
        double[][] rates = new double[4][rounds];
        System.out.printf("n = %d, %d rounds of %.2f s slices; GFLOP/s%n", n, rounds, slice);
        System.out.println("round  jgrad-1  blas-1  ratio-1   jgrad-2  blas-2  ratio-2   jgrad 2/1");
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < 4; v++) {
                rates[v][round] = flops * timeSlice(runs[v], slice) / 1e9;
            }
            System.out.printf("%5d  %7.1f  %6.1f  %7.2f   %7.1f  %6.1f  %7.2f   %9.2f%n", round + 1,
                    rates[0][round], rates[1][round], rates[0][round] / rates[1][round],
                    rates[2][round], rates[3][round], rates[2][round] / rates[3][round],
                    rates[2][round] / rates[0][round]);
        }
        double[] ratio1 = new double[rounds];
        double[] ratio2 = new double[rounds];
        double[] scaling = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratio1[i] = rates[0][i] / rates[1][i];
            ratio2[i] = rates[2][i] / rates[3][i];
            scaling[i] = rates[2][i] / rates[0][i];
        }
        System.out.printf("median %7.1f  %6.1f  %7.2f   %7.1f  %6.1f  %7.2f   %9.2f%n", median(rates[0]),
                median(rates[1]), median(ratio1), median(rates[2]), median(rates[3]), median(ratio2), median(scaling));
        for (int v = 0; v < 4; v++) {
            System.out.printf("%-19s min %6.1f  max %6.1f%n", names[v], Arrays.stream(rates[v]).min().orElseThrow(),
                    Arrays.stream(rates[v]).max().orElseThrow());
        }
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

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
}
