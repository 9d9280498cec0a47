package io.jgrad.cuda;

import io.jgrad.core.Layout;

/**
 * Which SGEMM kernel computes {@code c (+)= a @ b} for rank-3 layouts {@code a [batch, m, k]}, {@code b [batch, k, n]},
 * {@code c [batch, m, n]}, and the {@code Gemm} struct it takes (sgemm.cu).
 *
 * <p>The tiled kernels need each of A and B to have stride 1 along one of its two axes: {@code r} (row-major) or
 * {@code c} (column-major, such as a transposed view). Anything else goes to {@code sgemm_strided}. An operand gets
 * float4 loads when its unit-stride axis starts 16-byte aligned in every row and batch: offset, the other stride
 * and the batch stride all multiples of 4 elements (cuMemAlloc's 256-byte alignment covers the base).
 *
 * <p>Invariant: the strides of an axis of size 1 never matter, so they are normalised (to 1 along a matrix axis,
 * to 0 along the batch) before choosing; the plan is then a pure function of sizes, strides and offsets.
 */
final class GemmPlan {
    static final int TILE = 128;
    static final int TILE_THREADS = 256;
    static final int FALLBACK_TILE = 16;
    /** gridDim.z's limit; the kernels loop over the batches beyond it. */
    static final int MAX_GRID_Z = 65535;

    final Kernel kernel;
    final Device.Grid grid;
    /** The {@code Gemm} struct: batch, m, n, k, accumulate, vector_a, vector_b, vector_c, then a, b, c as
     * {offset, batch stride, row stride, column stride}. */
    final int[] args;

    private GemmPlan(Kernel kernel, Device.Grid grid, int[] args) {
        this.kernel = kernel;
        this.grid = grid;
        this.args = args;
    }

    static GemmPlan of(Layout a, Layout b, Layout c, boolean accumulate) {
        if (a.rank() != 3 || b.rank() != 3 || c.rank() != 3) {
            throw new IllegalArgumentException("cuda: matmul takes rank-3 operands, got " + a.shape() + " @ "
                    + b.shape() + " -> " + c.shape());
        }
        int batch = c.shape().size(0);
        int m = c.shape().size(1);
        int n = c.shape().size(2);
        int k = a.shape().size(2);
        if (a.shape().size(0) != batch || b.shape().size(0) != batch || a.shape().size(1) != m
                || b.shape().size(1) != k || b.shape().size(2) != n) {
            throw new IllegalArgumentException("cuda: matmul shapes do not fit: " + a.shape() + " @ " + b.shape()
                    + " -> " + c.shape());
        }
        int[] sa = normalise(a, batch, m, k);
        int[] sb = normalise(b, batch, k, n);
        int[] sc = normalise(c, batch, m, n);
        boolean aRows = sa[3] == 1;      // stride 1 along k
        boolean aCols = !aRows && sa[2] == 1;
        boolean bRows = sb[3] == 1;      // stride 1 along n
        boolean bCols = !bRows && sb[2] == 1;
        boolean tiled = (aRows || aCols) && (bRows || bCols);
        int vectorA = tiled && (aRows ? aligned(sa, sa[2], m) : aligned(sa, sa[3], k)) ? 1 : 0;
        int vectorB = tiled && (bRows ? aligned(sb, sb[2], k) : aligned(sb, sb[3], n)) ? 1 : 0;
        int vectorC = tiled && sc[3] == 1 && aligned(sc, sc[2], m) ? 1 : 0;
        int[] args = {batch, m, n, k, accumulate ? 1 : 0, vectorA, vectorB, vectorC,
            sa[0], sa[1], sa[2], sa[3], sb[0], sb[1], sb[2], sb[3], sc[0], sc[1], sc[2], sc[3]};
        int z = Math.max(1, Math.min(batch, MAX_GRID_Z));
        if (!tiled) {
            Device.Grid grid = new Device.Grid(blocks(n, FALLBACK_TILE), blocks(m, FALLBACK_TILE), z,
                    FALLBACK_TILE, FALLBACK_TILE);
            return new GemmPlan(Kernel.SGEMM_STRIDED, grid, args);
        }
        Kernel kernel = aRows ? (bRows ? Kernel.SGEMM_RR : Kernel.SGEMM_RC) : (bRows ? Kernel.SGEMM_CR : Kernel.SGEMM_CC);
        Device.Grid grid = new Device.Grid(blocks(n, TILE), blocks(m, TILE), z, TILE_THREADS, 1);
        return new GemmPlan(kernel, grid, args);
    }

    /** {offset, batch stride, row stride, column stride}, with the stride of every size-1 axis made irrelevant. */
    private static int[] normalise(Layout x, int batch, int rows, int cols) {
        int[] s = x.strides();
        return new int[] {x.offset(), batch == 1 ? 0 : s[0], rows == 1 ? 1 : s[1], cols == 1 ? 1 : s[2]};
    }

    /**
     * True when every run along the unit-stride axis starts at a multiple of 4 elements: the offset, the batch
     * stride and the stride between the {@code lines} runs (irrelevant when there is one) are multiples of 4.
     */
    private static boolean aligned(int[] s, int lineStride, int lines) {
        return s[0] % 4 == 0 && s[1] % 4 == 0 && (lines == 1 || lineStride % 4 == 0);
    }

    private static int blocks(int size, int tile) {
        return Math.max(1, (size + tile - 1) / tile);
    }

    boolean isEmpty() {
        return args[0] == 0 || args[1] == 0 || args[2] == 0;
    }
}
