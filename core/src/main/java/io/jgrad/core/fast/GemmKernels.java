package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner pieces of {@link Gemm}: packing a block of A or a micro-panel of B into the order the micro-kernel reads
 * them, the micro-kernels themselves (one tile of C in registers), and the write-back of a tile into C. Gemm's loop
 * nests decide which blocks, in what order and on which thread; everything here works on one block at a time.
 */
final class GemmKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    /**
     * Whether the CPU has 32 vector registers: AVX-512, whose preferred species is 16 floats wide. AVX2 has 16, and
     * a tile of more than 6 x 2 vectors there spills accumulators on every step.
     */
    static final boolean WIDE_REGISTER_FILE = L >= 16;
    /** Rows of the register tile: 8 where there are 32 vector registers, else 6. */
    static final int MR = WIDE_REGISTER_FILE ? 8 : 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Rows of a transposed B panel packed at a time: 64 rows of NR floats, 8 KiB at 512 bits, stay in L1. */
    static final int TRANSPOSE_BLOCK = 64;

    private GemmKernels() {
    }

    /** Packs an mc x kc block of A into micro-panels of MR rows, each stored column by column. */
    static void packA(int mc, int kc, float[] a, int off, int rs, int cs, float[] dst) {
        for (int ir = 0, d = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            for (int p = 0; p < kc; p++, d += MR) {
                int src = off + ir * rs + p * cs;
                if (mr == MR) {                  // a constant trip count: C2 unrolls it
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = a[src + r * rs];
                    }
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
    static void packB(int unit, int bPanels, int k, int kcStep, int n, float[] b, int off, int rs, int cs,
                      float[] dst, int nPadded) {
        int pc = unit / bPanels * kcStep;
        int jr = unit % bPanels * NR;
        packPanel(Math.min(kcStep, k - pc), Math.min(NR, n - jr), b, off + pc * rs + jr * cs, rs, cs, dst,
                pc * nPadded + jr * Math.min(kcStep, k - pc));
    }

    /**
     * Packs the kc x nr block of B at {@code src} as one micro-panel, row by row, NR floats a row (the columns past
     * nr are zeros), from dst[d] on.
     */
    static void packPanel(int kc, int nr, float[] b, int src, int rs, int cs, float[] dst, int d) {
        if (cs == 1 && nr == NR) {               // rows of the panel are runs of B: two vectors each
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(SPECIES, b, src + p * rs).intoArray(dst, d + p * NR);
                FloatVector.fromArray(SPECIES, b, src + p * rs + L).intoArray(dst, d + p * NR + L);
            }
        } else if (rs == 1) {                    // B is a transposed view: read along its columns
            // NOTE: in blocks of TRANSPOSE_BLOCK rows, so that the block of dst being filled (NR floats a row) stays
            // in L1 while each column of B is read along; a whole panel at once did not fit, and every write missed.
            for (int p0 = 0; p0 < kc; p0 += TRANSPOSE_BLOCK) {
                int p1 = Math.min(kc, p0 + TRANSPOSE_BLOCK);
                for (int j = 0; j < nr; j++) {
                    for (int p = p0, from = src + j * cs + p0; p < p1; p++, from++) {
                        dst[d + p * NR + j] = b[from];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = p0; p < p1; p++) {
                        dst[d + p * NR + j] = 0f;
                    }
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
     * Multiplies MR rows of A (kc columns) by a kc x NR micro-panel of packed B and stores the MR x NR result in
     * {@code tile}, with the tile that fits the register file. A is read where it lies: row r, column p at
     * {@code a[ai + r * rs + p * cs]}, so a packed micro-panel is {@code rs = 1, cs = MR}, and a row-major or
     * column-major A whose MR rows all exist is read without being packed first: each step reads MR values of A
     * either way, and the copy a packing makes costs more than the strided reads. {@code cs} is not 0 (the loop
     * counts with the index into A).
     */
    static void microKernel(int kc, float[] a, int ai, int rs, int cs, float[] pb, int bi, float[] tile) {
        if (WIDE_REGISTER_FILE) {
            microKernel8(kc, a, ai, rs, cs, pb, bi, tile);
        } else {
            microKernel6(kc, a, ai, rs, cs, pb, bi, tile);
        }
    }

    /** The 8 x 2-vector tile: 16 accumulators, 2 B vectors and one broadcast, 19 of 32 registers. */
    private static void microKernel8(int kc, float[] pa, int ai, int rs, int cs, float[] pb, int bi, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs, r6 = 6 * rs, r7 = 7 * rs;
        // NOTE: the loop counts with ai itself; with a separate counter p, C2 recomputes ai from p on every step.
        for (int end = ai + cs * kc; ai != end; ai += cs, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + L);
            FloatVector av = FloatVector.broadcast(SPECIES, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, pa[ai + rs]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, pa[ai + r2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, pa[ai + r3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, pa[ai + r4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, pa[ai + r5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, pa[ai + r6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, pa[ai + r7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
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
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /** The 6 x 2-vector tile: 12 accumulators, 2 B vectors and one broadcast, 15 of 16 registers. */
    private static void microKernel6(int kc, float[] pa, int ai, int rs, int cs, float[] pb, int bi, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        // NOTE: the loop counts with ai itself; with a separate counter p, C2 recomputes ai from p on every step.
        for (int end = ai + cs * kc; ai != end; ai += cs, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + L);
            FloatVector av = FloatVector.broadcast(SPECIES, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, pa[ai + rs]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, pa[ai + r2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, pa[ai + r3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, pa[ai + r4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, pa[ai + r5]);
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
    static void writeBack(int mr, int nr, float[] tile, float[] c, int off, int rs, int cs, boolean add) {
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
}
