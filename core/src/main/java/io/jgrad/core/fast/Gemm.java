package io.jgrad.core.fast;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
 * transposed, sliced or broadcast (stride 0) operand costs nothing extra, and the kernel only
 * ever sees unit-stride data. Panels at the matrix edge are padded with zeros, so the kernel
 * always computes a full tile; only the valid part of the tile is written back to C.
 * <p>
 * The <b>micro-kernel</b> keeps an MR x NR tile of C in registers (MR = 6 rows times two
 * vectors) and, for each p, loads one row of the B micro-panel (two vectors), broadcasts each
 * of the MR values of the A column and does 2 MR fused multiply-adds: 12 accumulators, 2 B
 * vectors and one broadcast fill 15 of the 16 AVX2 registers (a 4 x 3-vector tile needs all
 * 16, and the JIT then spills and runs at half speed). The species is a
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
 */
public final class Gemm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed slice: an MR x KC micro-panel of A takes 12 KiB of the 32 KiB L1 cache. */
    static final int KC = 512;
    /** Columns of a packed block of B (a multiple of NR): KC x NC floats take half of the 512 KiB L2. */
    static final int NC = 128;
    /** Rows of a packed block of A (a multiple of MR): MC x KC floats take 480 KiB. */
    static final int MC = 240;
    /** Each thread takes about this many blocks of rows in turn, so a thread that is slowed down gets fewer. */
    static final int CHUNKS_PER_THREAD = 4;
    /**
     * Products of fewer flops than this run on the calling thread. A polling worker joins within a
     * microsecond, so on 2 cores a second thread pays off from a few MFLOP: the products of the VAE's
     * two small layers (4 and 8 MFLOP) took 0.6 of their one-thread time.
     */
    static final double PARALLEL_FLOPS = 3e6;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();

    /** Per-thread packing buffers, grown on demand and reused across calls (workers read the caller's B). */
    private static final class Workspace {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    /** Sets how many threads large products may use; 1 keeps every product on the calling thread. */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + count);
        }
        threads = count;
    }

    /** C[i, j] (+)= sum_p A[i, p] * B[p, j] over float arrays addressed by offset and (row, column) strides. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOffset, int aRowStride, int aColStride,
                            float[] b, int bOffset, int bRowStride, int bColStride,
                            float[] c, int cOffset, int cRowStride, int cColStride,
                            boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c[cOffset + i * cRowStride + j * cColStride] = 0f;
                    }
                }
            }
            return;
        }
        int t = 2.0 * m * n * k >= PARALLEL_FLOPS ? threads : 1;
        int kc = ceilDiv(k, ceilDiv(k, KC));
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
                packB(unit, bPanels, k, kc, n, b, bOffset, bRowStride, bColStride, packedB, nPadded);
            }
            rows(0, m, n, k, kc, a, aOffset, aRowStride, aColStride, packedB,
                    c, cOffset, cRowStride, cColStride, accumulate);
            return;
        }
        int chunks = Math.min(panels, CHUNKS_PER_THREAD * t);
        AtomicInteger nextUnit = new AtomicInteger();
        AtomicInteger packedUnits = new AtomicInteger();
        AtomicInteger nextChunk = new AtomicInteger();
        Workers.shared().run(Math.min(t, chunks) - 1, () -> {
            for (int unit = nextUnit.getAndIncrement(); unit < bUnits; unit = nextUnit.getAndIncrement()) {
                packB(unit, bPanels, k, kc, n, b, bOffset, bRowStride, bColStride, packedB, nPadded);
                packedUnits.incrementAndGet();
            }
            while (packedUnits.get() < bUnits) {
                Thread.onSpinWait();
            }
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
                int from = panels * chunk / chunks * MR;
                int to = Math.min(m, panels * (chunk + 1) / chunks * MR);
                rows(from, to, n, k, kc, a, aOffset, aRowStride, aColStride, packedB,
                        c, cOffset, cRowStride, cColStride, accumulate);
            }
        });
    }

    /** Computes rows [from, to) of C from A and the packed B (the loop nest of the class comment). */
    private static void rows(int from, int to, int n, int k, int kcStep, float[] a, int aOff, int aRs, int aCs,
                             float[] packedB, float[] c, int cOff, int cRs, int cCs, boolean accumulate) {
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
                packA(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, packedA);
                for (int jc = 0; jc < n; jc += NC) {
                    for (int ir = 0; ir < mc; ir += MR) {
                        for (int jr = jc; jr < Math.min(jc + NC, n); jr += NR) {
                            microKernel(kc, packedA, ir * kc, packedB, pc * nPadded + jr * kc, tile);
                            writeBack(Math.min(MR, mc - ir), Math.min(NR, n - jr), tile,
                                    c, cOff + (ic + ir) * cRs + jr * cCs, cRs, cCs, add);
                        }
                    }
                }
            }
        }
    }

    /** Packs an mc x kc block of A into micro-panels of MR rows, each stored column by column. */
    private static void packA(int mc, int kc, float[] a, int off, int rs, int cs, float[] dst) {
        for (int ir = 0, d = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            for (int p = 0; p < kc; p++, d += MR) {
                int src = off + ir * rs + p * cs;
                if (mr == MR) {                  // unrolled for MR = 6, like the micro-kernel
                    dst[d] = a[src];
                    dst[d + 1] = a[src + rs];
                    dst[d + 2] = a[src + 2 * rs];
                    dst[d + 3] = a[src + 3 * rs];
                    dst[d + 4] = a[src + 4 * rs];
                    dst[d + 5] = a[src + 5 * rs];
                } else {
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = r < mr ? a[src + r * rs] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs micro-panel {@code unit} of B: slice {@code unit / bPanels} of k (rows pc..pc+kc of B),
     * columns jr..jr+NR with jr = NR (unit % bPanels), stored row by row. Slice pc starts at
     * {@code pc * nPadded} in {@code dst}, and its micro-panels follow one another.
     */
    private static void packB(int unit, int bPanels, int k, int kcStep, int n, float[] b, int off, int rs, int cs,
                              float[] dst, int nPadded) {
        int pc = unit / bPanels * kcStep;
        int jr = unit % bPanels * NR;
        int kc = Math.min(kcStep, k - pc);
        int nr = Math.min(NR, n - jr);
        int src = off + pc * rs + jr * cs;
        int d = pc * nPadded + jr * kc;
        if (cs == 1 && nr == NR) {               // rows of the panel are runs of B: two vectors each
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(SPECIES, b, src + p * rs).intoArray(dst, d + p * NR);
                FloatVector.fromArray(SPECIES, b, src + p * rs + L).intoArray(dst, d + p * NR + L);
            }
        } else if (rs == 1) {                    // B is a transposed view: read along its columns
            for (int j = 0; j < NR; j++) {
                for (int p = 0; p < kc; p++) {
                    dst[d + p * NR + j] = j < nr ? b[src + j * cs + p] : 0f;
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j++) {
                    dst[d + p * NR + j] = j < nr ? b[src + p * rs + j * cs] : 0f;
                }
            }
        }
    }

    /**
     * Multiplies an MR x kc micro-panel of packed A by a kc x NR micro-panel of packed B and
     * stores the MR x NR result in {@code tile}. The 12 accumulators live in registers.
     */
    private static void microKernel(int kc, float[] pa, int ai, float[] pb, int bi, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        // NOTE: the loop counts with ai itself; with a separate counter p, C2 recomputes ai from p on every step.
        for (int end = ai + MR * kc; ai < end; ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + L);
            FloatVector av = FloatVector.broadcast(SPECIES, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /** Writes (or adds) the valid mr x nr corner of a tile into C: vectors for full unit-stride rows. */
    private static void writeBack(int mr, int nr, float[] tile, float[] c, int off, int rs, int cs, boolean add) {
        if (nr == NR && cs == 1) {
            for (int r = 0; r < mr; r++) {
                for (int v = 0; v < NR; v += L) {
                    FloatVector t = FloatVector.fromArray(SPECIES, tile, r * NR + v);
                    int ci = off + r * rs + v;
                    if (add) {
                        t = t.add(FloatVector.fromArray(SPECIES, c, ci));
                    }
                    t.intoArray(c, ci);
                }
            }
        } else {
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    int ci = off + r * rs + j * cs;
                    c[ci] = add ? c[ci] + tile[r * NR + j] : tile[r * NR + j];
                }
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
