package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner pieces of {@link Gemm}: the micro-kernels (one tile of C in registers) and the write-back of a tile into
 * C ({@link GemmPacking} puts the operands into the order the micro-kernels read them). Gemm's loop nests decide which
 * blocks, in what order and on which thread; everything here works on one block at a time.
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

    private GemmKernels() {
    }

    /**
     * Multiplies MR rows of A (kc columns) by a kc x NR micro-panel of packed B and stores the MR x NR result, row r
     * from {@code tile[ti + r * trs]} on: the small tile buffer ({@code ti = 0, trs = NR}) that writeBack then adds or
     * writes into C, or C itself when the whole tile simply overwrites C (2 MR stores and loads fewer a tile: a
     * product with k of 20 ran 1.17 times as fast, one with k of 40 1.13 times; the same bits). Uses the tile that
     * fits the register file. A is read where it lies: row r, column p at
     * {@code a[ai + r * rs + p * cs]}, so a packed micro-panel is {@code rs = 1, cs = MR}, and a row-major or
     * column-major A whose MR rows all exist is read without being packed first: each step reads MR values of A
     * either way, and the copy a packing makes costs more than the strided reads. {@code cs} is not 0 (the loop
     * counts with the index into A). Only the first {@code nr} columns of the tile are kept (see writeBack).
     * <p>
     * When the MR values of A that a step reads are adjacent ({@code rs = 1}: a packed micro-panel, or a column-major
     * A such as the transposed G of {@code dW = G' X}), a kernel of their own reads them at constant offsets from one
     * index. C2 then checks their bounds once a step instead of MR times and folds the offsets into the loads: about
     * 35 instructions a step for 16 fused multiply-adds instead of 64 (its disassembly), and one thread's 1024 x 1024
     * product ran 1.18-1.20 times as fast (the same bits: the same operations in the same order). NOTE: only where
     * there are 32 vector registers, for now. A 6-row kernel made the same way for AVX2 ran that product 1.13-1.35
     * times as fast, but steps with it were 1.25-1.33 times as long in both orders of tools/step-paired.sh and in 3
     * of 5 JVM starts of tools/bench-ab.sh (-XX:UseAVX=2): not settled, since AVX2 steps vary by up to 1.3 times.
     */
    static void microKernel(int kc, int nr, float[] a, int ai, int rs, int cs, float[] pb, int bi,
                            float[] tile, int ti, int trs) {
        if (WIDE_REGISTER_FILE) {
            if (nr <= L) {
                microKernel8Half(kc, a, ai, rs, cs, pb, bi, tile, ti, trs);
            } else if (rs == 1) {
                microKernel8Adjacent(kc, a, ai, cs, pb, bi, tile, ti, trs);
            } else {
                microKernel8(kc, a, ai, rs, cs, pb, bi, tile, ti, trs);
            }
        } else {
            microKernel6(kc, a, ai, rs, cs, pb, bi, tile, ti, trs);
        }
    }

    /** The 8 x 2-vector tile: 16 accumulators, 2 B vectors and one broadcast, 19 of 32 registers. */
    private static void microKernel8(int kc, float[] pa, int ai, int rs, int cs, float[] pb, int bi, float[] tile,
                                     int ti, int trs) {
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
        c00.intoArray(tile, ti);
        c01.intoArray(tile, ti + L);
        c10.intoArray(tile, ti + trs);
        c11.intoArray(tile, ti + trs + L);
        c20.intoArray(tile, ti + 2 * trs);
        c21.intoArray(tile, ti + 2 * trs + L);
        c30.intoArray(tile, ti + 3 * trs);
        c31.intoArray(tile, ti + 3 * trs + L);
        c40.intoArray(tile, ti + 4 * trs);
        c41.intoArray(tile, ti + 4 * trs + L);
        c50.intoArray(tile, ti + 5 * trs);
        c51.intoArray(tile, ti + 5 * trs + L);
        c60.intoArray(tile, ti + 6 * trs);
        c61.intoArray(tile, ti + 6 * trs + L);
        c70.intoArray(tile, ti + 7 * trs);
        c71.intoArray(tile, ti + 7 * trs + L);
    }

    /**
     * microKernel8 for rs = 1: the row offsets into A are constants (see microKernel). NOTE: a copy of it rather than
     * a shared helper: the accumulators would have to cross a method boundary, and a vector that C2 does not keep
     * inside one compiled method is boxed.
     */
    private static void microKernel8Adjacent(int kc, float[] pa, int ai, int cs, float[] pb, int bi, float[] tile,
                                             int ti, int trs) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        // NOTE: the loop counts with ai itself; with a separate counter p, C2 recomputes ai from p on every step.
        for (int end = ai + cs * kc; ai != end; ai += cs, bi += NR) {
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
            av = FloatVector.broadcast(SPECIES, pa[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, pa[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(tile, ti);
        c01.intoArray(tile, ti + L);
        c10.intoArray(tile, ti + trs);
        c11.intoArray(tile, ti + trs + L);
        c20.intoArray(tile, ti + 2 * trs);
        c21.intoArray(tile, ti + 2 * trs + L);
        c30.intoArray(tile, ti + 3 * trs);
        c31.intoArray(tile, ti + 3 * trs + L);
        c40.intoArray(tile, ti + 4 * trs);
        c41.intoArray(tile, ti + 4 * trs + L);
        c50.intoArray(tile, ti + 5 * trs);
        c51.intoArray(tile, ti + 5 * trs + L);
        c60.intoArray(tile, ti + 6 * trs);
        c61.intoArray(tile, ti + 6 * trs + L);
        c70.intoArray(tile, ti + 7 * trs);
        c71.intoArray(tile, ti + 7 * trs + L);
    }

    /**
     * microKernel8 for a last panel of at most L columns (n = 400 or 40 leaves 16 over a multiple of NR = 32): one
     * vector a row, so that the zeros that pad the panel are not multiplied. Fills the first L columns of the tile.
     * NOTE: with AVX2's 16 registers a 6 x 1-vector tile would have too few accumulators to keep the FMA units busy;
     * there the whole tile is computed.
     */
    private static void microKernel8Half(int kc, float[] pa, int ai, int rs, int cs, float[] pb, int bi, float[] tile,
                                         int ti, int trs) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs, r6 = 6 * rs, r7 = 7 * rs;
        for (int end = ai + cs * kc; ai != end; ai += cs, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            c0 = FloatVector.broadcast(SPECIES, pa[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(SPECIES, pa[ai + rs]).fma(b0, c1);
            c2 = FloatVector.broadcast(SPECIES, pa[ai + r2]).fma(b0, c2);
            c3 = FloatVector.broadcast(SPECIES, pa[ai + r3]).fma(b0, c3);
            c4 = FloatVector.broadcast(SPECIES, pa[ai + r4]).fma(b0, c4);
            c5 = FloatVector.broadcast(SPECIES, pa[ai + r5]).fma(b0, c5);
            c6 = FloatVector.broadcast(SPECIES, pa[ai + r6]).fma(b0, c6);
            c7 = FloatVector.broadcast(SPECIES, pa[ai + r7]).fma(b0, c7);
        }
        c0.intoArray(tile, ti);
        c1.intoArray(tile, ti + trs);
        c2.intoArray(tile, ti + 2 * trs);
        c3.intoArray(tile, ti + 3 * trs);
        c4.intoArray(tile, ti + 4 * trs);
        c5.intoArray(tile, ti + 5 * trs);
        c6.intoArray(tile, ti + 6 * trs);
        c7.intoArray(tile, ti + 7 * trs);
    }

    /** The 6 x 2-vector tile: 12 accumulators, 2 B vectors and one broadcast, 15 of 16 registers. */
    private static void microKernel6(int kc, float[] pa, int ai, int rs, int cs, float[] pb, int bi, float[] tile,
                                     int ti, int trs) {
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
        c00.intoArray(tile, ti);
        c01.intoArray(tile, ti + L);
        c10.intoArray(tile, ti + trs);
        c11.intoArray(tile, ti + trs + L);
        c20.intoArray(tile, ti + 2 * trs);
        c21.intoArray(tile, ti + 2 * trs + L);
        c30.intoArray(tile, ti + 3 * trs);
        c31.intoArray(tile, ti + 3 * trs + L);
        c40.intoArray(tile, ti + 4 * trs);
        c41.intoArray(tile, ti + 4 * trs + L);
        c50.intoArray(tile, ti + 5 * trs);
        c51.intoArray(tile, ti + 5 * trs + L);
    }

    /**
     * Writes (or adds) the valid mr x nr corner of a tile into C, then adds {@code bias[bj + j]} to column j unless
     * {@code bias} is null: vectors for full unit-stride rows. NOTE: the bias goes in here, not in the micro-kernels'
     * last lines: there (16 more vector adds) C2 left some of a kernel's vector operations as calls in 2-3 of 10 JVM
     * starts, every vector was boxed, and an epoch took 30 s instead of 1.2 (tools/starts-check.sh counts such starts).
     */
    static void writeBack(int mr, int nr, float[] tile, float[] c, int off, int rs, int cs, boolean add,
                          float[] bias, int bj) {
        if (nr == NR && cs == 1) {
            for (int r = 0; r < mr; r++) {
                for (int v = 0; v < NR; v += L) {
                    FloatVector t = FloatVector.fromArray(SPECIES, tile, r * NR + v);
                    int ci = off + r * rs + v;
                    if (add) {
                        t = t.add(FloatVector.fromArray(SPECIES, c, ci));
                    }
                    if (bias != null) {
                        t = t.add(FloatVector.fromArray(SPECIES, bias, bj + v));
                    }
                    t.intoArray(c, ci);
                }
            }
        } else {
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    int ci = off + r * rs + j * cs;
                    float sum = add ? c[ci] + tile[r * NR + j] : tile[r * NR + j];
                    c[ci] = bias == null ? sum : sum + bias[bj + j];
                }
            }
        }
    }
}
