package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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

    /*
     * The transposition of an L x L block in registers (see transposeBlock): at distance s, a lane l with bit s set
     * takes lane l - s of the other vector (UP), and one without takes lane l + s of its own (DOWN). Constants, so
     * that C2 keeps them in registers.
     */
    private static final VectorShuffle<Float> UP8 = up(8), UP4 = up(4), UP2 = up(2), UP1 = up(1);
    private static final VectorShuffle<Float> DOWN8 = down(8), DOWN4 = down(4), DOWN2 = down(2), DOWN1 = down(1);
    private static final VectorMask<Float> BIT8 = bit(8), BIT4 = bit(4), BIT2 = bit(2), BIT1 = bit(1);

    private GemmKernels() {
    }

    private static VectorShuffle<Float> up(int s) {
        return VectorShuffle.fromOp(SPECIES, l -> (l - s) & (L - 1));
    }

    private static VectorShuffle<Float> down(int s) {
        return VectorShuffle.fromOp(SPECIES, l -> (l + s) & (L - 1));
    }

    private static VectorMask<Float> bit(int s) {
        boolean[] set = new boolean[L];
        for (int l = 0; l < L; l++) {
            set[l] = (l & s) != 0;
        }
        return VectorMask.fromArray(SPECIES, set, 0);
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
        } else if (rs == 1 && nr == NR && (L == 16 || L == 8)) {   // B is a transposed view: L x L blocks in registers
            int p = 0;
            for (; p + L <= kc; p += L) {
                transposeBlock(b, src + p, cs, dst, d + p * NR);
                transposeBlock(b, src + p + L * cs, cs, dst, d + p * NR + L);
            }
            for (; p < kc; p++) {
                for (int j = 0; j < NR; j++) {
                    dst[d + p * NR + j] = b[src + j * cs + p];
                }
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
     * Copies the L x L block of B' at {@code src} (L rows {@code cs} apart) into L rows of a panel ({@code NR}
     * apart) transposed: dst[d + p NR + j] = b[src + j cs + p]. L loads, L stores and log2(L) rounds of lane swaps
     * instead of L^2 scalar loads and stores: 0.28-0.32 ns a float against 0.45-0.56 with 16 lanes on Zen 5, and
     * 0.20-0.28 against 0.45-0.52 with 8 (the same CPU with -XX:UseAVX=2). Round s swaps the s x s blocks off the
     * diagonal of each 2s x 2s block: row i (bit s clear) keeps its lanes without bit s and takes lanes l - s of row
     * i + s into those with it; row i + s takes lanes l + s of row i into the lanes without bit s and keeps the
     * rest. After s = L/2, ..., 2, 1 every element has moved from (j, p) to (p, j).
     */
    private static void transposeBlock(float[] b, int src, int cs, float[] dst, int d) {
        if (L == 16) {
            transpose16(b, src, cs, dst, d);
        } else {
            transpose8(b, src, cs, dst, d);
        }
    }

    private static void transpose8(float[] b, int src, int cs, float[] dst, int d) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, b, src), r1 = FloatVector.fromArray(SPECIES, b, src + cs);
        FloatVector r2 = FloatVector.fromArray(SPECIES, b, src + 2 * cs), r3 = FloatVector.fromArray(SPECIES, b, src + 3 * cs);
        FloatVector r4 = FloatVector.fromArray(SPECIES, b, src + 4 * cs), r5 = FloatVector.fromArray(SPECIES, b, src + 5 * cs);
        FloatVector r6 = FloatVector.fromArray(SPECIES, b, src + 6 * cs), r7 = FloatVector.fromArray(SPECIES, b, src + 7 * cs);
        FloatVector t;
        t = r0.blend(r4.rearrange(UP4), BIT4); r4 = r0.rearrange(DOWN4).blend(r4, BIT4); r0 = t;
        t = r1.blend(r5.rearrange(UP4), BIT4); r5 = r1.rearrange(DOWN4).blend(r5, BIT4); r1 = t;
        t = r2.blend(r6.rearrange(UP4), BIT4); r6 = r2.rearrange(DOWN4).blend(r6, BIT4); r2 = t;
        t = r3.blend(r7.rearrange(UP4), BIT4); r7 = r3.rearrange(DOWN4).blend(r7, BIT4); r3 = t;
        t = r0.blend(r2.rearrange(UP2), BIT2); r2 = r0.rearrange(DOWN2).blend(r2, BIT2); r0 = t;
        t = r1.blend(r3.rearrange(UP2), BIT2); r3 = r1.rearrange(DOWN2).blend(r3, BIT2); r1 = t;
        t = r4.blend(r6.rearrange(UP2), BIT2); r6 = r4.rearrange(DOWN2).blend(r6, BIT2); r4 = t;
        t = r5.blend(r7.rearrange(UP2), BIT2); r7 = r5.rearrange(DOWN2).blend(r7, BIT2); r5 = t;
        t = r0.blend(r1.rearrange(UP1), BIT1); r1 = r0.rearrange(DOWN1).blend(r1, BIT1); r0 = t;
        t = r2.blend(r3.rearrange(UP1), BIT1); r3 = r2.rearrange(DOWN1).blend(r3, BIT1); r2 = t;
        t = r4.blend(r5.rearrange(UP1), BIT1); r5 = r4.rearrange(DOWN1).blend(r5, BIT1); r4 = t;
        t = r6.blend(r7.rearrange(UP1), BIT1); r7 = r6.rearrange(DOWN1).blend(r7, BIT1); r6 = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + NR);
        r2.intoArray(dst, d + 2 * NR);
        r3.intoArray(dst, d + 3 * NR);
        r4.intoArray(dst, d + 4 * NR);
        r5.intoArray(dst, d + 5 * NR);
        r6.intoArray(dst, d + 6 * NR);
        r7.intoArray(dst, d + 7 * NR);
    }

    private static void transpose16(float[] b, int src, int cs, float[] dst, int d) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, b, src), r1 = FloatVector.fromArray(SPECIES, b, src + cs);
        FloatVector r2 = FloatVector.fromArray(SPECIES, b, src + 2 * cs), r3 = FloatVector.fromArray(SPECIES, b, src + 3 * cs);
        FloatVector r4 = FloatVector.fromArray(SPECIES, b, src + 4 * cs), r5 = FloatVector.fromArray(SPECIES, b, src + 5 * cs);
        FloatVector r6 = FloatVector.fromArray(SPECIES, b, src + 6 * cs), r7 = FloatVector.fromArray(SPECIES, b, src + 7 * cs);
        FloatVector r8 = FloatVector.fromArray(SPECIES, b, src + 8 * cs), r9 = FloatVector.fromArray(SPECIES, b, src + 9 * cs);
        FloatVector ra = FloatVector.fromArray(SPECIES, b, src + 10 * cs), rb = FloatVector.fromArray(SPECIES, b, src + 11 * cs);
        FloatVector rc = FloatVector.fromArray(SPECIES, b, src + 12 * cs), rd = FloatVector.fromArray(SPECIES, b, src + 13 * cs);
        FloatVector re = FloatVector.fromArray(SPECIES, b, src + 14 * cs), rf = FloatVector.fromArray(SPECIES, b, src + 15 * cs);
        FloatVector t;
        t = r0.blend(r8.rearrange(UP8), BIT8); r8 = r0.rearrange(DOWN8).blend(r8, BIT8); r0 = t;
        t = r1.blend(r9.rearrange(UP8), BIT8); r9 = r1.rearrange(DOWN8).blend(r9, BIT8); r1 = t;
        t = r2.blend(ra.rearrange(UP8), BIT8); ra = r2.rearrange(DOWN8).blend(ra, BIT8); r2 = t;
        t = r3.blend(rb.rearrange(UP8), BIT8); rb = r3.rearrange(DOWN8).blend(rb, BIT8); r3 = t;
        t = r4.blend(rc.rearrange(UP8), BIT8); rc = r4.rearrange(DOWN8).blend(rc, BIT8); r4 = t;
        t = r5.blend(rd.rearrange(UP8), BIT8); rd = r5.rearrange(DOWN8).blend(rd, BIT8); r5 = t;
        t = r6.blend(re.rearrange(UP8), BIT8); re = r6.rearrange(DOWN8).blend(re, BIT8); r6 = t;
        t = r7.blend(rf.rearrange(UP8), BIT8); rf = r7.rearrange(DOWN8).blend(rf, BIT8); r7 = t;
        t = r0.blend(r4.rearrange(UP4), BIT4); r4 = r0.rearrange(DOWN4).blend(r4, BIT4); r0 = t;
        t = r1.blend(r5.rearrange(UP4), BIT4); r5 = r1.rearrange(DOWN4).blend(r5, BIT4); r1 = t;
        t = r2.blend(r6.rearrange(UP4), BIT4); r6 = r2.rearrange(DOWN4).blend(r6, BIT4); r2 = t;
        t = r3.blend(r7.rearrange(UP4), BIT4); r7 = r3.rearrange(DOWN4).blend(r7, BIT4); r3 = t;
        t = r8.blend(rc.rearrange(UP4), BIT4); rc = r8.rearrange(DOWN4).blend(rc, BIT4); r8 = t;
        t = r9.blend(rd.rearrange(UP4), BIT4); rd = r9.rearrange(DOWN4).blend(rd, BIT4); r9 = t;
        t = ra.blend(re.rearrange(UP4), BIT4); re = ra.rearrange(DOWN4).blend(re, BIT4); ra = t;
        t = rb.blend(rf.rearrange(UP4), BIT4); rf = rb.rearrange(DOWN4).blend(rf, BIT4); rb = t;
        t = r0.blend(r2.rearrange(UP2), BIT2); r2 = r0.rearrange(DOWN2).blend(r2, BIT2); r0 = t;
        t = r1.blend(r3.rearrange(UP2), BIT2); r3 = r1.rearrange(DOWN2).blend(r3, BIT2); r1 = t;
        t = r4.blend(r6.rearrange(UP2), BIT2); r6 = r4.rearrange(DOWN2).blend(r6, BIT2); r4 = t;
        t = r5.blend(r7.rearrange(UP2), BIT2); r7 = r5.rearrange(DOWN2).blend(r7, BIT2); r5 = t;
        t = r8.blend(ra.rearrange(UP2), BIT2); ra = r8.rearrange(DOWN2).blend(ra, BIT2); r8 = t;
        t = r9.blend(rb.rearrange(UP2), BIT2); rb = r9.rearrange(DOWN2).blend(rb, BIT2); r9 = t;
        t = rc.blend(re.rearrange(UP2), BIT2); re = rc.rearrange(DOWN2).blend(re, BIT2); rc = t;
        t = rd.blend(rf.rearrange(UP2), BIT2); rf = rd.rearrange(DOWN2).blend(rf, BIT2); rd = t;
        t = r0.blend(r1.rearrange(UP1), BIT1); r1 = r0.rearrange(DOWN1).blend(r1, BIT1); r0 = t;
        t = r2.blend(r3.rearrange(UP1), BIT1); r3 = r2.rearrange(DOWN1).blend(r3, BIT1); r2 = t;
        t = r4.blend(r5.rearrange(UP1), BIT1); r5 = r4.rearrange(DOWN1).blend(r5, BIT1); r4 = t;
        t = r6.blend(r7.rearrange(UP1), BIT1); r7 = r6.rearrange(DOWN1).blend(r7, BIT1); r6 = t;
        t = r8.blend(r9.rearrange(UP1), BIT1); r9 = r8.rearrange(DOWN1).blend(r9, BIT1); r8 = t;
        t = ra.blend(rb.rearrange(UP1), BIT1); rb = ra.rearrange(DOWN1).blend(rb, BIT1); ra = t;
        t = rc.blend(rd.rearrange(UP1), BIT1); rd = rc.rearrange(DOWN1).blend(rd, BIT1); rc = t;
        t = re.blend(rf.rearrange(UP1), BIT1); rf = re.rearrange(DOWN1).blend(rf, BIT1); re = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + NR);
        r2.intoArray(dst, d + 2 * NR);
        r3.intoArray(dst, d + 3 * NR);
        r4.intoArray(dst, d + 4 * NR);
        r5.intoArray(dst, d + 5 * NR);
        r6.intoArray(dst, d + 6 * NR);
        r7.intoArray(dst, d + 7 * NR);
        r8.intoArray(dst, d + 8 * NR);
        r9.intoArray(dst, d + 9 * NR);
        ra.intoArray(dst, d + 10 * NR);
        rb.intoArray(dst, d + 11 * NR);
        rc.intoArray(dst, d + 12 * NR);
        rd.intoArray(dst, d + 13 * NR);
        re.intoArray(dst, d + 14 * NR);
        rf.intoArray(dst, d + 15 * NR);
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
