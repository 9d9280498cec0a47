package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmTest {

    private final Random random = new Random(42);

    @AfterEach
    void restoreThreads() {
        FastBackend.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** A strided view of a float array: element (i, j) is at data[offset + i*rowStride + j*colStride]. */
    private record View(float[] data, int offset, int rowStride, int colStride) {
        float get(int i, int j) {
            return data[offset + i * rowStride + j * colStride];
        }
    }

    private float[] randomArray(int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextFloat() * 2f - 1f;
        }
        return x;
    }

    /** A row-major rows x cols matrix, or (transposed) a view of a row-major cols x rows array. */
    private View matrix(int rows, int cols, boolean transposed) {
        float[] data = randomArray(rows * cols);
        return transposed ? new View(data, 0, 1, rows) : new View(data, 0, cols, 1);
    }

    private static void gemm(int m, int n, int k, View a, View b, View c, boolean accumulate) {
        Gemm.gemm(m, n, k, a.data, a.offset, a.rowStride, a.colStride, b.data, b.offset, b.rowStride, b.colStride,
                c.data, c.offset, c.rowStride, c.colStride, accumulate);
    }

    /** Runs Gemm on (a, b, c) and compares every element of C with a double-precision triple loop. */
    private static void checkAgainstNaive(int m, int n, int k, View a, View b, View c, boolean accumulate) {
        double[][] expected = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c.get(i, j) : 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a.get(i, p) * b.get(p, j);
                }
                expected[i][j] = sum;
            }
        }
        gemm(m, n, k, a, b, c, accumulate);
        double tolerance = 1e-6 * Math.max(1, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double actual = c.get(i, j);
                if (Math.abs(actual - expected[i][j]) > tolerance * Math.max(1, Math.abs(expected[i][j]))) {
                    fail("m=" + m + " n=" + n + " k=" + k + " at (" + i + ", " + j + "): expected "
                            + expected[i][j] + " but got " + actual);
                }
            }
        }
    }

    private void checkShape(int m, int n, int k, boolean transposeA, boolean transposeB, boolean accumulate) {
        View a = matrix(m, k, transposeA);
        View b = matrix(k, n, transposeB);
        View c = new View(randomArray(m * n), 0, n, 1);
        checkAgainstNaive(m, n, k, a, b, c, accumulate);
    }

    @Test
    void squareProductsOfEdgeSizesMatchTheNaiveLoop() {
        for (int size : new int[] {1, 2, 5, 6, 7, 16, 17, 33, 65}) {
            checkShape(size, size, size, false, false, false);
        }
    }

    @Test
    void productsSpanningSeveralCacheBlocksMatchTheNaiveLoop() {
        FastBackend.setThreads(1);
        checkShape(257, 257, 257, false, false, false);
        checkShape(300, 70, 600, false, false, false);
        checkShape(1030, 140, 530, true, false, true);
    }

    @Test
    void mixedShapesMatchTheNaiveLoop() {
        int[][] shapes = {{1, 17, 33}, {17, 1, 65}, {33, 65, 1}, {65, 7, 300}, {5, 100, 20}, {200, 3, 9}, {13, 40, 257}};
        for (int[] s : shapes) {
            checkShape(s[0], s[1], s[2], false, false, false);
            checkShape(s[0], s[1], s[2], false, false, true);
        }
    }

    @Test
    void transposedOperandsMatchTheNaiveLoop() {
        for (int[] s : new int[][] {{17, 33, 65}, {65, 17, 33}, {40, 50, 300}}) {
            checkShape(s[0], s[1], s[2], true, false, false);
            checkShape(s[0], s[1], s[2], false, true, false);
            checkShape(s[0], s[1], s[2], true, true, true);
        }
    }

    @Test
    void transposedBInWholePanelsWithShortTailsMatchesTheNaiveLoop() {
        // B' packed in L x L blocks in registers (L = 16 or 8 lanes): whole panels, a k of 47 that leaves a tail of
        // rows (cut by columns), slices of k of 265 (cut by rows, m > COLUMN_PARALLEL_ROWS) and a last short panel
        checkShape(256, 96, 47, false, true, false);
        checkShape(600, 70, 530, false, true, true);
    }

    @Test
    void shortLastPanelsOfBMatchTheNaiveLoop() {
        // A last panel of B short of NR columns: at least a vector wide, its first vector is packed as the whole
        // panels are and the rest a float at a time; at most a vector wide, the micro-kernel computes one vector a
        // row (with 32 registers). A read in place, by rows or by columns, or packed (m > 512); B in rows and
        // transposed; cut by columns and by rows.
        int L = GemmKernels.L;
        int NR = GemmKernels.NR;
        for (int n : new int[] {2 * NR + L, 2 * NR + L + 3, 2 * NR + 5}) {
            for (boolean transposeB : new boolean[] {false, true}) {
                checkShape(40, n, 47, false, transposeB, false);
                checkShape(45, n, 47, true, transposeB, true);
                checkShape(600, n, 530, false, transposeB, true);
            }
        }
    }

    @Test
    void aPackedPanelOfBHoldsItsColumnsThenZeros() {
        // packPanel's contract, seen directly (the products cannot show it: the columns past nr are computed and
        // dropped): row p of the panel is B's row p, columns nr to NR zeros, whatever the buffer held before. Every
        // width, B in rows, transposed (whole L x L blocks and the rows left over) and strided both ways.
        int L = GemmKernels.L;
        int NR = GemmKernels.NR;
        int kc = GemmPacking.TRANSPOSE_BLOCK + 2 * L + 3;     // two blocks of rows in copyColumns
        for (int nr = 1; nr <= NR; nr++) {
            for (int layout = 0; layout < 3; layout++) {
                int rs = layout == 0 ? NR + 1 : layout == 1 ? 1 : 2 * (NR + 1);
                int cs = layout == 0 ? 1 : layout == 1 ? kc + 2 : 2;
                float[] b = randomArray(3 + (kc - 1) * rs + (NR - 1) * cs + 1);
                float[] dst = new float[5 + kc * NR];
                Arrays.fill(dst, Float.NaN);
                GemmPacking.packPanel(kc, nr, b, 3, rs, cs, dst, 5);
                for (int p = 0; p < kc; p++) {
                    for (int j = 0; j < NR; j++) {
                        float expected = j < nr ? b[3 + p * rs + j * cs] : 0f;
                        assertEquals(expected, dst[5 + p * NR + j],
                                "nr=" + nr + " layout " + layout + " at row " + p + ", column " + j);
                    }
                }
            }
        }
    }

    @Test
    void slicedOperandsWithOffsetsAndWideRowsMatchTheNaiveLoop() {
        // n = 19 is a short panel only; NR + 3 has a whole one, whose tiles go from the registers straight into C
        // (rows cRs apart); m = 600 with k = 530 takes the path cut by rows, k = 1100 slices k there too.
        int nr = GemmKernels.NR;
        for (int[] mnk : new int[][] {{33, 19, 27}, {33, nr + 3, 27}, {600, nr + 3, 530}, {600, nr + 3, 1100}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            int aRs = k + 13;
            int bRs = n + 11;
            int cRs = n + 6;
            View a = new View(randomArray(5 + m * aRs), 5, aRs, 1);
            View b = new View(randomArray(3 + k * bRs), 3, bRs, 1);
            float[] cData = randomArray(7 + m * cRs);
            float[] before = cData.clone();
            View c = new View(cData, 7, cRs, 1);
            checkAgainstNaive(m, n, k, a, b, c, false);
            for (int i = 0; i < cData.length; i++) {
                boolean insideC = i >= 7 && (i - 7) % cRs < n && (i - 7) / cRs < m;
                if (!insideC) {
                    assertEquals(before[i], cData[i], "m=" + m + " n=" + n + " k=" + k + ": element " + i
                            + " outside C was written");
                }
            }
        }
    }

    @Test
    void aStridedOutputMatchesTheNaiveLoop() {
        View a = matrix(20, 30, false);
        View b = matrix(30, 18, true);
        View c = new View(randomArray(20 * 18 * 2 + 1), 1, 1, 40);
        checkAgainstNaive(20, 18, 30, a, b, c, true);
    }

    @Test
    void broadcastOperandsWithStrideZeroMatchTheNaiveLoop() {
        int m = 23;
        int n = 37;
        int k = 19;
        View rowOfA = new View(randomArray(k), 0, 0, 1);
        View columnOfB = new View(randomArray(k), 0, 1, 0);
        View scalarA = new View(randomArray(1), 0, 0, 0);
        checkAgainstNaive(m, n, k, rowOfA, matrix(k, n, false), new View(new float[m * n], 0, n, 1), false);
        checkAgainstNaive(m, n, k, matrix(m, k, true), columnOfB, new View(new float[m * n], 0, n, 1), false);
        checkAgainstNaive(m, n, k, scalarA, columnOfB, new View(randomArray(m * n), 0, n, 1), true);
    }

    @Test
    void accumulateAddsIntoTheOutputAndOverwriteReplacesIt() {
        View a = matrix(9, 11, false);
        View b = matrix(11, 21, false);
        float[] product = new float[9 * 21];
        gemm(9, 21, 11, a, b, new View(product, 0, 21, 1), false);
        float[] c = new float[9 * 21];
        java.util.Arrays.fill(c, 1f);
        gemm(9, 21, 11, a, b, new View(c, 0, 21, 1), true);
        for (int i = 0; i < c.length; i++) {
            assertEquals(product[i] + 1f, c[i], 1e-5f);
        }
        gemm(9, 21, 11, a, b, new View(c, 0, 21, 1), false);
        assertArrayEquals(product, c);
    }

    @Test
    void anEmptySharedDimensionGivesZerosOrLeavesTheOutputAlone() {
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.gemm(2, 2, 0, new float[0], 0, 0, 0, new float[0], 0, 0, 0, c, 0, 2, 1, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, c);
        Gemm.gemm(2, 2, 0, new float[0], 0, 0, 0, new float[0], 0, 0, 0, c, 0, 1, 2, false);
        assertArrayEquals(new float[4], c);
        Gemm.gemm(0, 5, 3, new float[0], 0, 3, 1, new float[15], 0, 5, 1, new float[0], 0, 5, 1, false);
    }

    @Test
    void negativeSizesAreRejectedWithTheSizesInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(2, -3, 4, new float[8], 0, 4, 1, new float[0], 0, 0, 1, new float[0], 0, 0, 1, false));
        assertTrue(e.getMessage().contains("n=-3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FastBackend.setThreads(0));
    }

    @Test
    void aBiasGoesInWithTheSameBitsAsAPassThatAddsItAfterTheProduct() {
        // {m, n, k, A transposed, accumulate}: short and tall A (columns or rows path), A read in place or packed,
        // edge tiles, two slices of k, and an empty k.
        int[][] cases = {{256, 400, 784, 0, 0}, {256, 784, 400, 1, 0}, {61, 45, 600, 0, 1}, {600, 70, 530, 1, 1},
            {700, 33, 20, 0, 0}, {9, 21, 0, 0, 1}, {19, 40, 3, 1, 0}};
        for (int[] s : cases) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            boolean accumulate = s[4] == 1;
            View a = matrix(m, k, s[3] == 1);
            View b = matrix(k, n, true);
            float[] bias = randomArray(n + 3);
            float[] initial = randomArray(m * n);
            float[] twoPasses = initial.clone();
            gemm(m, n, k, a, b, new View(twoPasses, 0, n, 1), accumulate);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    twoPasses[i * n + j] += bias[3 + j];
                }
            }
            float[] onePass = initial.clone();
            Gemm.gemm(m, n, k, a.data, a.offset, a.rowStride, a.colStride, b.data, b.offset, b.rowStride,
                    b.colStride, onePass, 0, n, 1, accumulate, bias, 3);
            assertArrayEquals(twoPasses, onePass, "m=" + m + " n=" + n + " k=" + k);
            float[] columnMajor = new float[m * n];         // a C with column stride m: the tile path
            Gemm.gemm(m, n, k, a.data, a.offset, a.rowStride, a.colStride, b.data, b.offset, b.rowStride,
                    b.colStride, columnMajor, 0, 1, m, false, bias, 3);
            float[] plain = new float[m * n];
            gemm(m, n, k, a, b, new View(plain, 0, n, 1), false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(plain[i * n + j] + bias[3 + j], columnMajor[j * m + i], "(" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void twoThreadsGiveBitIdenticalResultsToOneThread() {
        int[][] shapes = {{256, 400, 784}, {300, 200, 100}, {40, 500, 300}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            View a = matrix(m, k, false);
            View b = matrix(k, n, true);
            float[] initial = randomArray(m * n);
            float[] single = initial.clone();
            float[] dual = initial.clone();
            FastBackend.setThreads(1);
            gemm(m, n, k, a, b, new View(single, 0, n, 1), true);
            FastBackend.setThreads(2);
            gemm(m, n, k, a, b, new View(dual, 0, n, 1), true);
            assertArrayEquals(single, dual, "m=" + m + " n=" + n + " k=" + k);
            checkAgainstNaive(m, n, k, a, b, new View(initial.clone(), 0, n, 1), true);
        }
    }
}
