package io.jgrad.core.fast;

import static io.jgrad.core.fast.GemmKernels.L;
import static io.jgrad.core.fast.GemmKernels.MR;
import static io.jgrad.core.fast.GemmKernels.NR;
import static io.jgrad.core.fast.GemmKernels.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * The packing of {@link Gemm}: a block of A or a micro-panel of B copied into the order the micro-kernels of
 * {@link GemmKernels} read them, a transposed B transposed in registers on the way.
 */
final class GemmPacking {
    /** Rows of a transposed B panel packed at a time: 64 rows of NR floats, 8 KiB at 512 bits, stay in L1. */
    static final int TRANSPOSE_BLOCK = 64;

    /*
     * The transposition of an L x L block in registers (see transposeBlock): SWAPs exchanges the lanes l and l ^ s,
     * BITs marks the lanes with bit s set. Constants, so that C2 keeps them in registers.
     */
    private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);
    private static final VectorMask<Float> BIT8 = bit(8), BIT4 = bit(4), BIT2 = bit(2), BIT1 = bit(1);

    private GemmPacking() {
    }

    private static VectorShuffle<Float> swap(int s) {
        return VectorShuffle.fromOp(SPECIES, l -> (l ^ s) & (L - 1));
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
        if (cs == 1 && nr >= L) {                // rows of the panel are runs of B: a vector, then a second or less
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(SPECIES, b, src + p * rs).intoArray(dst, d + p * NR);
                if (nr == NR) {
                    FloatVector.fromArray(SPECIES, b, src + p * rs + L).intoArray(dst, d + p * NR + L);
                } else {                         // a last, short panel: the rest of the row, then zeros
                    FloatVector.zero(SPECIES).intoArray(dst, d + p * NR + L);
                    for (int j = L; j < nr; j++) {
                        dst[d + p * NR + j] = b[src + p * rs + j];
                    }
                }
            }
        } else if (rs == 1) {                    // B is a transposed view: L x L blocks, then along its columns
            int whole = 0;                       // rows of the panel transposed in registers, whole blocks of L
            if (nr >= L && (L == 16 || L == 8)) {
                for (; whole + L <= kc; whole += L) {
                    transposeBlock(b, src + whole, cs, dst, d + whole * NR);
                    if (nr == NR) {
                        transposeBlock(b, src + whole + L * cs, cs, dst, d + whole * NR + L);
                    }
                }
            }
            if (nr < NR) {                       // a short panel: the blocks above filled its first L columns
                copyColumns(0, whole, L, nr, b, src, cs, dst, d);
            }
            copyColumns(whole, kc, 0, nr, b, src, cs, dst, d);
        } else {
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j++) {
                    dst[d + p * NR + j] = j < nr ? b[src + p * rs + j * cs] : 0f;
                }
            }
        }
    }

    /**
     * Rows {@code [p0, p1)} of a panel of a transposed B (rows of B' {@code cs} apart, runs along k), columns
     * {@code [j0, nr)} copied one float at a time and the columns from nr to NR zeros. When there are rows
     * ({@code p0 < p1}), {@code j0 <= nr / L * L}: the columns before j0 are left alone, and they are whole vectors.
     */
    private static void copyColumns(int p0, int p1, int j0, int nr, float[] b, int src, int cs, float[] dst, int d) {
        // NOTE: in blocks of TRANSPOSE_BLOCK rows, so that the block of dst being filled (NR floats a row) stays
        // in L1 while each column of B is read along; a whole panel at once did not fit, and every write missed.
        for (int q0 = p0; q0 < p1; q0 += TRANSPOSE_BLOCK) {
            int q1 = Math.min(p1, q0 + TRANSPOSE_BLOCK);
            // Zeros from the vector that holds column nr on, a vector at a time (none for a whole panel); the copies
            // below then fill that vector's first columns. At n = 40, 2 stores a row instead of 24.
            for (int p = q0; p < q1; p++) {
                for (int v = nr / L * L; v < NR; v += L) {
                    FloatVector.zero(SPECIES).intoArray(dst, d + p * NR + v);
                }
            }
            for (int j = j0; j < nr; j++) {
                for (int p = q0, from = src + j * cs + q0; p < q1; p++, from++) {
                    dst[d + p * NR + j] = b[from];
                }
            }
        }
    }

    /**
     * Copies the L x L block of B' at {@code src} (L rows {@code cs} apart) into L rows of a panel ({@code NR}
     * apart) transposed: dst[d + p NR + j] = b[src + j cs + p]. L loads, L stores and log2(L) rounds of lane swaps
     * instead of L^2 scalar loads and stores: 0.26 ns a float against 0.34-0.40 with 16 lanes on Zen 5, and
     * 0.17-0.19 against 0.34-0.45 with 8 (the same CPU with -XX:UseAVX=2).
     * <p>
     * Round s swaps the s x s blocks off the diagonal of each 2s x 2s block. For rows x (bit s of its index clear)
     * and y = row x + s: t = y with x's lanes where bit s is set, then lanes l and l ^ s exchanged, so t holds
     * x[l + s] where bit s is clear and y[l - s] where it is set; x keeps its lanes without bit s and takes t's
     * others, y takes t's lanes without bit s and keeps its others. After s = L/2, ..., 2, 1 every element has moved
     * from (j, p) to (p, j). NOTE: one rearrange and three blends a pair; with two rearranges and two blends it ran
     * about as fast, but C2 built so large a method that the peak memory of a training run rose by 13-15 MB.
     */
    private static void transposeBlock(float[] b, int src, int cs, float[] dst, int d) {
        if (L == 16) {
            transpose16(b, src, cs, dst, d);
        } else {
            transpose8(b, src, cs, dst, d);
        }
    }

    /** Row i of a block of B': L floats from {@code src + i cs}. */
    private static FloatVector row(float[] b, int src, int cs, int i) {
        return FloatVector.fromArray(SPECIES, b, src + i * cs);
    }

    private static void transpose8(float[] b, int src, int cs, float[] dst, int d) {
        FloatVector r0 = row(b, src, cs, 0), r1 = row(b, src, cs, 1);
        FloatVector r2 = row(b, src, cs, 2), r3 = row(b, src, cs, 3);
        FloatVector r4 = row(b, src, cs, 4), r5 = row(b, src, cs, 5);
        FloatVector r6 = row(b, src, cs, 6), r7 = row(b, src, cs, 7);
        FloatVector t;
        t = r4.blend(r0, BIT4).rearrange(SWAP4); r0 = r0.blend(t, BIT4); r4 = t.blend(r4, BIT4);
        t = r5.blend(r1, BIT4).rearrange(SWAP4); r1 = r1.blend(t, BIT4); r5 = t.blend(r5, BIT4);
        t = r6.blend(r2, BIT4).rearrange(SWAP4); r2 = r2.blend(t, BIT4); r6 = t.blend(r6, BIT4);
        t = r7.blend(r3, BIT4).rearrange(SWAP4); r3 = r3.blend(t, BIT4); r7 = t.blend(r7, BIT4);
        t = r2.blend(r0, BIT2).rearrange(SWAP2); r0 = r0.blend(t, BIT2); r2 = t.blend(r2, BIT2);
        t = r3.blend(r1, BIT2).rearrange(SWAP2); r1 = r1.blend(t, BIT2); r3 = t.blend(r3, BIT2);
        t = r6.blend(r4, BIT2).rearrange(SWAP2); r4 = r4.blend(t, BIT2); r6 = t.blend(r6, BIT2);
        t = r7.blend(r5, BIT2).rearrange(SWAP2); r5 = r5.blend(t, BIT2); r7 = t.blend(r7, BIT2);
        t = r1.blend(r0, BIT1).rearrange(SWAP1); r0 = r0.blend(t, BIT1); r1 = t.blend(r1, BIT1);
        t = r3.blend(r2, BIT1).rearrange(SWAP1); r2 = r2.blend(t, BIT1); r3 = t.blend(r3, BIT1);
        t = r5.blend(r4, BIT1).rearrange(SWAP1); r4 = r4.blend(t, BIT1); r5 = t.blend(r5, BIT1);
        t = r7.blend(r6, BIT1).rearrange(SWAP1); r6 = r6.blend(t, BIT1); r7 = t.blend(r7, BIT1);
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
        FloatVector r0 = row(b, src, cs, 0), r1 = row(b, src, cs, 1);
        FloatVector r2 = row(b, src, cs, 2), r3 = row(b, src, cs, 3);
        FloatVector r4 = row(b, src, cs, 4), r5 = row(b, src, cs, 5);
        FloatVector r6 = row(b, src, cs, 6), r7 = row(b, src, cs, 7);
        FloatVector r8 = row(b, src, cs, 8), r9 = row(b, src, cs, 9);
        FloatVector ra = row(b, src, cs, 10), rb = row(b, src, cs, 11);
        FloatVector rc = row(b, src, cs, 12), rd = row(b, src, cs, 13);
        FloatVector re = row(b, src, cs, 14), rf = row(b, src, cs, 15);
        FloatVector t;
        t = r8.blend(r0, BIT8).rearrange(SWAP8); r0 = r0.blend(t, BIT8); r8 = t.blend(r8, BIT8);
        t = r9.blend(r1, BIT8).rearrange(SWAP8); r1 = r1.blend(t, BIT8); r9 = t.blend(r9, BIT8);
        t = ra.blend(r2, BIT8).rearrange(SWAP8); r2 = r2.blend(t, BIT8); ra = t.blend(ra, BIT8);
        t = rb.blend(r3, BIT8).rearrange(SWAP8); r3 = r3.blend(t, BIT8); rb = t.blend(rb, BIT8);
        t = rc.blend(r4, BIT8).rearrange(SWAP8); r4 = r4.blend(t, BIT8); rc = t.blend(rc, BIT8);
        t = rd.blend(r5, BIT8).rearrange(SWAP8); r5 = r5.blend(t, BIT8); rd = t.blend(rd, BIT8);
        t = re.blend(r6, BIT8).rearrange(SWAP8); r6 = r6.blend(t, BIT8); re = t.blend(re, BIT8);
        t = rf.blend(r7, BIT8).rearrange(SWAP8); r7 = r7.blend(t, BIT8); rf = t.blend(rf, BIT8);
        t = r4.blend(r0, BIT4).rearrange(SWAP4); r0 = r0.blend(t, BIT4); r4 = t.blend(r4, BIT4);
        t = r5.blend(r1, BIT4).rearrange(SWAP4); r1 = r1.blend(t, BIT4); r5 = t.blend(r5, BIT4);
        t = r6.blend(r2, BIT4).rearrange(SWAP4); r2 = r2.blend(t, BIT4); r6 = t.blend(r6, BIT4);
        t = r7.blend(r3, BIT4).rearrange(SWAP4); r3 = r3.blend(t, BIT4); r7 = t.blend(r7, BIT4);
        t = rc.blend(r8, BIT4).rearrange(SWAP4); r8 = r8.blend(t, BIT4); rc = t.blend(rc, BIT4);
        t = rd.blend(r9, BIT4).rearrange(SWAP4); r9 = r9.blend(t, BIT4); rd = t.blend(rd, BIT4);
        t = re.blend(ra, BIT4).rearrange(SWAP4); ra = ra.blend(t, BIT4); re = t.blend(re, BIT4);
        t = rf.blend(rb, BIT4).rearrange(SWAP4); rb = rb.blend(t, BIT4); rf = t.blend(rf, BIT4);
        t = r2.blend(r0, BIT2).rearrange(SWAP2); r0 = r0.blend(t, BIT2); r2 = t.blend(r2, BIT2);
        t = r3.blend(r1, BIT2).rearrange(SWAP2); r1 = r1.blend(t, BIT2); r3 = t.blend(r3, BIT2);
        t = r6.blend(r4, BIT2).rearrange(SWAP2); r4 = r4.blend(t, BIT2); r6 = t.blend(r6, BIT2);
        t = r7.blend(r5, BIT2).rearrange(SWAP2); r5 = r5.blend(t, BIT2); r7 = t.blend(r7, BIT2);
        t = ra.blend(r8, BIT2).rearrange(SWAP2); r8 = r8.blend(t, BIT2); ra = t.blend(ra, BIT2);
        t = rb.blend(r9, BIT2).rearrange(SWAP2); r9 = r9.blend(t, BIT2); rb = t.blend(rb, BIT2);
        t = re.blend(rc, BIT2).rearrange(SWAP2); rc = rc.blend(t, BIT2); re = t.blend(re, BIT2);
        t = rf.blend(rd, BIT2).rearrange(SWAP2); rd = rd.blend(t, BIT2); rf = t.blend(rf, BIT2);
        t = r1.blend(r0, BIT1).rearrange(SWAP1); r0 = r0.blend(t, BIT1); r1 = t.blend(r1, BIT1);
        t = r3.blend(r2, BIT1).rearrange(SWAP1); r2 = r2.blend(t, BIT1); r3 = t.blend(r3, BIT1);
        t = r5.blend(r4, BIT1).rearrange(SWAP1); r4 = r4.blend(t, BIT1); r5 = t.blend(r5, BIT1);
        t = r7.blend(r6, BIT1).rearrange(SWAP1); r6 = r6.blend(t, BIT1); r7 = t.blend(r7, BIT1);
        t = r9.blend(r8, BIT1).rearrange(SWAP1); r8 = r8.blend(t, BIT1); r9 = t.blend(r9, BIT1);
        t = rb.blend(ra, BIT1).rearrange(SWAP1); ra = ra.blend(t, BIT1); rb = t.blend(rb, BIT1);
        t = rd.blend(rc, BIT1).rearrange(SWAP1); rc = rc.blend(t, BIT1); rd = t.blend(rd, BIT1);
        t = rf.blend(re, BIT1).rearrange(SWAP1); re = re.blend(t, BIT1); rf = t.blend(rf, BIT1);
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
}
