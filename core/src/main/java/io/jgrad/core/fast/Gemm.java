package io.jgrad.core.fast;

import static io.jgrad.core.fast.GemmKernels.MR;
import static io.jgrad.core.fast.GemmKernels.NR;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single-precision matrix multiply {@code C = A B} (or {@code C += A B}) in the style of
 * GotoBLAS / BLIS, written with the JDK Vector API.
 *
 * <h2>From the triple loop to a fast kernel</h2>
 * The naive product is
 * <pre>{@code
 * for i in 0..m:  for j in 0..n:  for p in 0..k:  C[i,j] += A[i,p] * B[p,j]
 * }</pre>
 * It does 2mnk flops but loads operands from memory for almost every one of them. A core
 * can do two 8-wide fused multiply-adds per cycle, but only if the operands are already in
 * registers or in the L1 cache. The fast version runs the same loops in blocks so that data is
 * reused while it sits in a cache:
 * <pre>{@code
 * pack B -> Bp                                // all of B, once per call, in slices of KC rows
 * for ic in 0..m step MC:                     // a block of rows of A and C
 *   for pc in 0..k step KC:                   // a slice of the shared dimension
 *     pack A[ic:ic+MC, pc:pc+KC] -> Ap         // MC x KC
 *     for jc in 0..n step NC:                 // KC x NC of Bp, which stays in the L2 cache
 *       for ir in 0..MC step MR:              // a micro-panel of Ap (MR x KC), stays in L1
 *         for jr in jc..jc+NC step NR:        // a micro-panel of Bp (KC x NR), read from L2
 *           C[ic+ir.., jr..] (+)= Ap[ir..] * Bp[pc.., jr..]   // the micro-kernel
 * }</pre>
 * The two innermost loops walk along the rows of C, so consecutive tiles of C are neighbours
 * in memory and the hardware prefetcher can stream them (Java cannot issue prefetches itself).
 * <p>
 * <b>Packing</b> copies a block of an operand into a contiguous buffer in exactly the order the
 * micro-kernel reads it: micro-panels of MR rows of A stored column by column, and micro-panels
 * of NR columns of B stored row by row. Packing reads the operand through its strides, so a
 * sliced or broadcast (stride 0) operand costs nothing extra, and a transposed B costs a
 * transposition in registers. Panels at the matrix edge are padded with zeros, so the kernel
 * always computes a full tile; only the valid part of the tile is written back to C (with a linear layer's bias added
 * on the way, when there is one), and a whole tile that overwrites C goes from the registers straight into it.
 * <p>
 * The <b>micro-kernel</b> keeps an MR x NR tile of C in registers (MR rows times two vectors)
 * and, for each p, loads one row of the B micro-panel (two vectors), broadcasts each of the MR
 * values of the A column and does 2 MR fused multiply-adds. With AVX2's 16 registers MR is 6:
 * 12 accumulators, 2 B vectors and one broadcast fill 15 of them (a 4 x 3-vector tile needs all
 * 16, and the JIT then spills and runs at half speed). With AVX-512's 32, MR is 8: 16
 * accumulators amortise each B load over more FMAs, and the 256 rows of a VAE batch are 32
 * panels with none padded (at n = 1024 this took one thread from 0.92 to 0.98 of OpenBLAS). The species is a
 * {@code static final} field and every vector stays inside one method, so the JIT keeps them
 * in registers instead of boxing them.
 * <p>
 * <b>Threads.</b> A large product runs on the calling thread and on {@link Workers}, which poll
 * for work between products instead of sleeping. First they pack B together, taking its
 * micro-panels in turn from a shared counter; then they cut C into blocks of rows (whole
 * micro-panels, about {@code CHUNKS_PER_THREAD} per thread) and take those in turn, all reading
 * the one packed copy of B, so a thread that the operating system slows down simply takes
 * fewer. The slices of k depend only on k, so each element of C is summed in the same order
 * whatever thread computes it: results are bit-identical from run to run and across thread
 * counts.
 * <p>
 * <b>Short products</b> (at most {@code COLUMN_PARALLEL_ROWS} rows of A, every product of a VAE
 * batch), and products whose A fits in an L2 cache, take another path, {@code byColumns}: the threads take the
 * columns of C in turn, each packing its own micro-panel of B, and the micro-kernel reads A in place through its
 * strides instead of a packed copy, all of A for each panel; too few columns to go round are cut into blocks of rows
 * as well.
 */
public final class Gemm {

    /** Depth of a packed slice: an MR x KC micro-panel of A takes 12 or 16 KiB of a 32-48 KiB L1 cache. */
    static final int KC = 512;
    /** Columns of a packed block of B (a multiple of NR): KC x NC floats take half of the 512 KiB L2. */
    static final int NC = 128;
    /** Rows of a packed block of A (a multiple of MR): MC x KC floats take 480 KiB. */
    static final int MC = 240;
    /** Products of at most this many rows are cut along the columns of C (see byColumns), larger ones along the rows. */
    static final int COLUMN_PARALLEL_ROWS = 512;
    /**
     * Products whose A has at most this many floats (1 MiB) are cut along the columns too, however many rows: the
     * VAE's 784 x 400 weight gradient {@code G' H} (A of 784 x 256) ran 1.05 times as fast on one thread and 1.10 on
     * two. Its panels read all of A again; a 1024 x 1024 A made the square product 0.85-0.89 times as fast.
     */
    static final int COLUMN_PARALLEL_FLOATS = 1 << 18;
    /** Each thread takes about this many blocks of rows in turn, so a thread that is slowed down gets fewer. */
    static final int CHUNKS_PER_THREAD = 16;
    /** Cut along the columns, the last column panel per thread is cut into this many blocks of rows. */
    static final int TAIL_BLOCKS = 4;
    /**
     * Products of fewer flops than this run on the calling thread. A polling worker joins within a
     * microsecond, so on 2 cores a second thread pays off from a few MFLOP: the products of the VAE's
     * two small layers (4 and 8 MFLOP) took 0.6 of their one-thread time.
     */
    static final double PARALLEL_FLOPS = 3e6;

    /** Per-thread packing buffers, grown on demand and reused across calls (workers read the caller's B, or A). */
    private static final class Workspace {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        float[] panel = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    /** C[i, j] (+)= sum_p A[i, p] * B[p, j] over float arrays addressed by offset and (row, column) strides. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOffset, int aRowStride, int aColStride,
                            float[] b, int bOffset, int bRowStride, int bColStride,
                            float[] c, int cOffset, int cRowStride, int cColStride,
                            boolean accumulate) {
        gemm(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride,
                c, cOffset, cRowStride, cColStride, accumulate, null, 0);
    }

    /**
     * As above, then {@code + bias[biasOffset + j]} on every element of column j when {@code bias} is not null (a
     * linear layer's bias): added as the last slice of k is written, so each element of C is
     * {@code (c + sum) + bias}, as from the product and then a pass that adds the bias.
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOffset, int aRowStride, int aColStride,
                            float[] b, int bOffset, int bRowStride, int bColStride,
                            float[] c, int cOffset, int cRowStride, int cColStride,
                            boolean accumulate, float[] bias, int biasOffset) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int ci = cOffset + i * cRowStride + j * cColStride;
                    float sum = accumulate ? c[ci] : 0f;
                    c[ci] = bias == null ? sum : sum + bias[biasOffset + j];
                }
            }
            return;
        }
        int t = 2.0 * m * n * k >= PARALLEL_FLOPS ? Workers.threads() : 1;
        int kc = ceilDiv(k, ceilDiv(k, KC));
        if (m <= COLUMN_PARALLEL_ROWS || (long) m * k <= COLUMN_PARALLEL_FLOATS) {
            byColumns(t, m, n, k, kc, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride,
                    c, cOffset, cRowStride, cColStride, accumulate, bias, biasOffset);
            return;
        }
        int nPadded = roundUp(n, NR);
        if ((long) k * nPadded > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("B is too large to pack: k=" + k + ", n=" + n);
        }
        Workspace ws = WORKSPACE.get();
        if (ws.packedB.length < k * nPadded) {
            ws.packedB = new float[k * nPadded];
        }
        float[] packedB = ws.packedB;
        int bPanels = ceilDiv(n, NR);
        int bUnits = ceilDiv(k, kc) * bPanels;         // micro-panels of B, over all slices of k
        int panels = ceilDiv(m, MR);
        if (t == 1 || panels == 1) {
            for (int unit = 0; unit < bUnits; unit++) {
                GemmPacking.packB(unit, bPanels, k, kc, n, b, bOffset, bRowStride, bColStride, packedB, nPadded);
            }
            rows(0, m, n, k, kc, a, aOffset, aRowStride, aColStride, packedB,
                    c, cOffset, cRowStride, cColStride, accumulate, bias, biasOffset);
            return;
        }
        int chunks = Math.min(panels, CHUNKS_PER_THREAD * t);
        AtomicInteger nextUnit = new AtomicInteger();
        AtomicInteger packedUnits = new AtomicInteger();
        AtomicInteger nextChunk = new AtomicInteger();
        Workers.shared().run(Math.min(t, chunks) - 1, () -> {
            for (int unit = nextUnit.getAndIncrement(); unit < bUnits; unit = nextUnit.getAndIncrement()) {
                GemmPacking.packB(unit, bPanels, k, kc, n, b, bOffset, bRowStride, bColStride, packedB, nPadded);
                packedUnits.incrementAndGet();
            }
            while (packedUnits.get() < bUnits) {
                Thread.yield();                         // as in Workers: the other thread may need this core
            }
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
                int from = panels * chunk / chunks * MR;
                int to = Math.min(m, panels * (chunk + 1) / chunks * MR);
                rows(from, to, n, k, kc, a, aOffset, aRowStride, aColStride, packedB,
                        c, cOffset, cRowStride, cColStride, accumulate, bias, biasOffset);
            }
        });
    }

    /**
     * The product for a short A (a batch of a few hundred rows), cut along the columns of C: the threads take the
     * NR-wide columns of C in turn, pack that column's micro-panel of B themselves and run it against every row of A,
     * which the micro-kernel reads in place (only a last, short micro-panel of rows is packed, with zeros below). No
     * thread waits for another's packing, and each panel of B is read from L1 and L2 by the thread that packed it;
     * cut along the rows, each thread streamed all of B for a few rows of C and waited for the other's last block.
     * When C has too few columns to go round (the VAE's 20 and 40), each column is cut into blocks of rows too, and
     * a thread keeps the panel it packed for the next block of the same column. When it has enough, the last panel
     * per thread is still cut into {@link #TAIL_BLOCKS} blocks of rows, so that no thread is left alone with a whole
     * panel at the end.
     */
    private static void byColumns(int t, int m, int n, int k, int kcStep, float[] a, int aOff, int aRs, int aCs,
                                  float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int cRs, int cCs,
                                  boolean accumulate, float[] bias, int biasOff) {
        int bPanels = ceilDiv(n, NR);
        int rowPanels = ceilDiv(m, MR);
        // Units: the first `whole` column panels each whole, then the rest cut into `rowBlocks` blocks of rows, so
        // that the threads end within a small block of each other instead of a whole panel.
        int whole = bPanels >= 3 * t ? bPanels - t : 0;
        int rowBlocks = Math.min(rowPanels, whole > 0 ? TAIL_BLOCKS : ceilDiv(CHUNKS_PER_THREAD * t, bPanels));
        int units = whole + (bPanels - whole) * rowBlocks;
        AtomicInteger nextUnit = new AtomicInteger();
        Workers.shared().run(Math.min(t, units) - 1, () -> {
            Workspace own = WORKSPACE.get();
            if (own.panel.length < k * NR) {
                own.panel = new float[k * NR];          // the panel's rows, all of k: row p at p * NR
            }
            if (own.packedA.length < MR * kcStep) {
                own.packedA = new float[MR * kcStep];
            }
            int packed = -1;
            for (int unit = nextUnit.getAndIncrement(); unit < units; unit = nextUnit.getAndIncrement()) {
                int panel = unit < whole ? unit : whole + (unit - whole) / rowBlocks;
                int block = unit < whole ? 0 : (unit - whole) % rowBlocks;
                int blocks = unit < whole ? 1 : rowBlocks;
                int jr = panel * NR;
                int nr = Math.min(NR, n - jr);
                if (panel != packed) {
                    GemmPacking.packPanel(k, nr, b, bOff + jr * bCs, bRs, bCs, own.panel, 0);
                    packed = panel;
                }
                int from = rowPanels * block / blocks * MR;
                int to = Math.min(m, rowPanels * (block + 1) / blocks * MR);
                for (int pc = 0; pc < k; pc += kcStep) {
                    int kc = Math.min(kcStep, k - pc);
                    boolean add = accumulate || pc > 0;
                    float[] last = pc + kc == k ? bias : null;  // the bias goes in with the last slice of k
                    for (int ir = from; ir < to; ir += MR) {
                        int mr = Math.min(MR, to - ir);
                        int ci = cOff + ir * cRs + jr * cCs;
                        boolean direct = overwritesWholeTile(mr, nr, cCs, add, last);
                        float[] dst = direct ? c : own.tile;
                        int di = direct ? ci : 0;
                        int drs = direct ? cRs : NR;
                        if (mr == MR && aCs != 0) {             // (the kernel steps along a row of A by aCs)
                            GemmKernels.microKernel(kc, nr, a, aOff + ir * aRs + pc * aCs, aRs, aCs, own.panel, pc * NR,
                                    dst, di, drs);
                        } else {                        // the last rows of A, or a broadcast A: packed
                            GemmPacking.packA(mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, own.packedA);
                            GemmKernels.microKernel(kc, nr, own.packedA, 0, 1, MR, own.panel, pc * NR, dst, di, drs);
                        }
                        if (!direct) {
                            GemmKernels.writeBack(mr, nr, own.tile, c, ci, cRs, cCs, add, last, biasOff + jr);
                        }
                    }
                }
            }
        });
    }

    /** Computes rows [from, to) of C from A and the packed B (the loop nest of the class comment). */
    private static void rows(int from, int to, int n, int k, int kcStep, float[] a, int aOff, int aRs, int aCs,
                             float[] packedB, float[] c, int cOff, int cRs, int cCs, boolean accumulate,
                             float[] bias, int biasOff) {
        int mcStep = roundUp(ceilDiv(to - from, ceilDiv(to - from, MC)), MR);
        int nPadded = roundUp(n, NR);
        Workspace ws = WORKSPACE.get();
        if (ws.packedA.length < mcStep * kcStep) {
            ws.packedA = new float[mcStep * kcStep];
        }
        float[] packedA = ws.packedA;
        float[] tile = ws.tile;
        for (int ic = from; ic < to; ic += mcStep) {
            int mc = Math.min(mcStep, to - ic);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                boolean add = accumulate || pc > 0;
                float[] last = pc + kc == k ? bias : null;      // the bias goes in with the last slice of k
                GemmPacking.packA(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, packedA);
                for (int jc = 0; jc < n; jc += NC) {
                    for (int ir = 0; ir < mc; ir += MR) {
                        for (int jr = jc; jr < Math.min(jc + NC, n); jr += NR) {
                            int nr = Math.min(NR, n - jr);
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * cRs + jr * cCs;
                            boolean direct = overwritesWholeTile(mr, nr, cCs, add, last);
                            GemmKernels.microKernel(kc, nr, packedA, ir * kc, 1, MR, packedB, pc * nPadded + jr * kc,
                                    direct ? c : tile, direct ? ci : 0, direct ? cRs : NR);
                            if (!direct) {
                                GemmKernels.writeBack(mr, nr, tile, c, ci, cRs, cCs, add, last, biasOff + jr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether the micro-kernel stores its tile straight into C (rows {@code cRs} apart) instead of into the tile buffer
     * for writeBack: the tile is whole, C's columns are adjacent, and C only takes the sum (no earlier slice of k or
     * accumulate to add to, no bias).
     */
    private static boolean overwritesWholeTile(int mr, int nr, int cCs, boolean add, float[] bias) {
        return mr == MR && nr == NR && cCs == 1 && !add && bias == null;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
