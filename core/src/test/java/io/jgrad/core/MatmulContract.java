package io.jgrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The backend contract, matrix product part: {@code matmul} and {@code matmulInto} against a naive triple loop in
 * double precision, on sizes that catch the edges of blocked kernels, with operands that are transposed or sliced
 * views (read in place, never copied first), batched and broadcast over the batch.
 */
public abstract class MatmulContract extends ReductionContract {
    /** Three ways to lay out one logical matrix (or batch of matrices) that a kernel must all read correctly. */
    enum Form {
        /** Row-major and dense. */
        CONTIGUOUS,
        /** Stored as its transpose and seen through {@code transpose(-2, -1)}: strides [1, rows]. */
        TRANSPOSED,
        /** The middle of a larger matrix, from row 1 and column 2: a row stride of cols + 3 and an offset. */
        SLICED
    }

    /** The naive product and, for the tolerance, the sum of |a * b| over each dot product. */
    record Product(int[] sizes, double[] values, double[] magnitude) {
    }

    /** Sizes of 1, and sizes one past a power of two, which no tile width divides. */
    static final int[] SIZES = {1, 17, 33, 65};

    /** An operand of shape {@code sizes} ([rows, cols] or [batch, rows, cols]) holding row-major {@code values}. */
    protected Tensor operand(float[] values, int[] sizes, Form form) {
        int rank = sizes.length;
        int batch = rank == 3 ? sizes[0] : 1;
        int rows = sizes[rank - 2];
        int cols = sizes[rank - 1];
        return switch (form) {
            case CONTIGUOUS -> tensor(values, sizes);
            case TRANSPOSED -> {
                float[] stored = new float[values.length];
                for (int m = 0; m < batch; m++) {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            stored[(m * cols + j) * rows + i] = values[(m * rows + i) * cols + j];
                        }
                    }
                }
                int[] storedSizes = sizes.clone();
                storedSizes[rank - 2] = cols;
                storedSizes[rank - 1] = rows;
                yield tensor(stored, storedSizes).transpose(-2, -1);
            }
            case SLICED -> {
                float[] stored = new float[batch * (rows + 2) * (cols + 3)];
                Arrays.fill(stored, Float.NaN);
                for (int m = 0; m < batch; m++) {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            stored[(m * (rows + 2) + i + 1) * (cols + 3) + j + 2] = values[(m * rows + i) * cols + j];
                        }
                    }
                }
                int[] storedSizes = sizes.clone();
                storedSizes[rank - 2] = rows + 2;
                storedSizes[rank - 1] = cols + 3;
                yield tensor(stored, storedSizes).narrow(-2, 1, rows).narrow(-1, 2, cols);
            }
        };
    }

    /** {@code a @ b} by the triple loop; a rank-2 operand or a batch of 1 is used for every batch. */
    static Product product(float[] a, int[] as, float[] b, int[] bs) {
        int batchA = as.length == 3 ? as[0] : 1;
        int batchB = bs.length == 3 ? bs[0] : 1;
        int batch = Math.max(batchA, batchB);
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        double[] values = new double[batch * m * n];
        double[] magnitude = new double[values.length];
        for (int t = 0; t < batch; t++) {
            int ta = batchA == 1 ? 0 : t;
            int tb = batchB == 1 ? 0 : t;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    for (int p = 0; p < k; p++) {
                        double term = (double) a[(ta * m + i) * k + p] * b[(tb * k + p) * n + j];
                        values[(t * m + i) * n + j] += term;
                        magnitude[(t * m + i) * n + j] += Math.abs(term);
                    }
                }
            }
        }
        int[] sizes = as.length == 3 || bs.length == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        return new Product(sizes, values, magnitude);
    }

    private void checkProduct(Rng rng, int[] as, Form fa, int[] bs, Form fb) {
        float[] a = rng.uniform(Naive.numel(as), -1f, 1f);
        float[] b = rng.uniform(Naive.numel(bs), -1f, 1f);
        Product expected = product(a, as, b, bs);
        Tensor c = operand(a, as, fa).matmul(operand(b, bs, fb));
        String what = Arrays.toString(as) + " " + fa + " @ " + Arrays.toString(bs) + " " + fb;
        assertEquals(Shape.of(expected.sizes()), c.shape(), what);
        assertClose(expected.values(), expected.magnitude(), c.toArray(), REL, what);
    }

    // Blocked and vectorised kernels go wrong at the ragged edges: sizes of 1 and sizes no tile width divides.
    // Every (m, k, n) from SIZES runs once, with the nine pairs of operand layouts taken in turn, so each pair
    // meets several sizes while the plain-loop reference backend stays fast.
    @Test
    void matmulMatchesATripleLoopForAwkwardSizesAndEveryOperandLayout() {
        Rng rng = new Rng(1);
        Form[] forms = Form.values();
        int turn = 0;
        for (int m : SIZES) {
            for (int k : SIZES) {
                for (int n : SIZES) {
                    Form fa = forms[turn % forms.length];
                    Form fb = forms[turn / forms.length % forms.length];
                    checkProduct(rng, new int[] {m, k}, fa, new int[] {k, n}, fb);
                    turn++;
                }
            }
        }
    }

    // One long axis at a time, kept to three products so the plain-loop reference backend stays fast.
    @Test
    void matmulHandlesAnAxisOf257() {
        Rng rng = new Rng(2);
        checkProduct(rng, new int[] {257, 17}, Form.CONTIGUOUS, new int[] {17, 33}, Form.TRANSPOSED);
        checkProduct(rng, new int[] {17, 257}, Form.TRANSPOSED, new int[] {257, 33}, Form.CONTIGUOUS);
        checkProduct(rng, new int[] {33, 17}, Form.SLICED, new int[] {17, 257}, Form.CONTIGUOUS);
    }

    // Rank-3 operands multiply matrix by matrix; a batch of 1 or a plain matrix is reused for every batch.
    @Test
    void batchedMatmulMultipliesEachPairAndBroadcastsABatchOfOne() {
        Rng rng = new Rng(3);
        int[][][] pairs = {
            {{3, 5, 17}, {3, 17, 4}},
            {{1, 5, 17}, {4, 17, 4}},
            {{4, 5, 17}, {1, 17, 4}},
            {{5, 17}, {4, 17, 4}},
            {{4, 5, 17}, {17, 4}},
        };
        for (int[][] pair : pairs) {
            for (Form fa : Form.values()) {
                for (Form fb : Form.values()) {
                    checkProduct(rng, pair[0], fa, pair[1], fb);
                }
            }
        }
    }

    // accumulate = false overwrites whatever out held; accumulate = true adds to it, the way gradients accumulate.
    @Test
    void matmulIntoOverwritesOrAccumulates() {
        Rng rng = new Rng(4);
        float[] a = rng.uniform(5 * 17, -1f, 1f);
        float[] b = rng.uniform(17 * 3, -1f, 1f);
        float[] prior = rng.uniform(5 * 3, -1f, 1f);
        Product p = product(a, new int[] {5, 17}, b, new int[] {17, 3});
        Tensor out = tensor(prior, 5, 3);
        assertSame(out, tensor(a, 5, 17).matmulInto(tensor(b, 17, 3), out, false));
        assertClose(p.values(), p.magnitude(), out.toArray(), REL, "overwrite");

        out = tensor(prior, 5, 3);
        tensor(a, 5, 17).matmulInto(tensor(b, 17, 3), out, true);
        double[] sum = new double[prior.length];
        double[] magnitude = new double[prior.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = prior[i] + p.values()[i];
            magnitude[i] = Math.abs(prior[i]) + p.magnitude()[i];
        }
        assertClose(sum, magnitude, out.toArray(), REL, "accumulate");
    }

    // The output may be a view too: through a transposed out the product lands transposed in storage, and a
    // narrowed out leaves the rest of its storage alone.
    @Test
    void matmulIntoWritesThroughAStridedOutput() {
        Rng rng = new Rng(5);
        float[] a = rng.uniform(5 * 17, -1f, 1f);
        float[] b = rng.uniform(17 * 3, -1f, 1f);
        Product p = product(a, new int[] {5, 17}, b, new int[] {17, 3});

        Tensor stored = tensor(new float[15], 3, 5);
        tensor(a, 5, 17).matmulInto(tensor(b, 17, 3), stored.t(), false);
        double[] transposed = new double[15];
        double[] transposedMagnitude = new double[15];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                transposed[j * 5 + i] = p.values()[i * 3 + j];
                transposedMagnitude[j * 5 + i] = p.magnitude()[i * 3 + j];
            }
        }
        assertClose(transposed, transposedMagnitude, stored.toArray(), REL, "transposed out");

        float[] nines = new float[7 * 6];
        Arrays.fill(nines, 9f);
        Tensor big = tensor(nines, 7, 6);
        tensor(a, 5, 17).matmulInto(tensor(b, 17, 3), big.narrow(0, 1, 5).narrow(1, 2, 3), true);
        double[] expected = Naive.widen(nines);
        double[] magnitude = Naive.widen(nines);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                expected[(i + 1) * 6 + j + 2] += p.values()[i * 3 + j];
                magnitude[(i + 1) * 6 + j + 2] += p.magnitude()[i * 3 + j];
            }
        }
        assertClose(expected, magnitude, big.toArray(), REL, "narrowed out");
    }

    // addmm is the product plus a tensor broadcast to it: a linear layer's bias row, or a whole matrix, or a number.
    // A backend may add it while it writes the product, but the bits are those of the product and then an add.
    @Test
    void addmmGivesTheBitsOfTheProductFollowedByAnAdd() {
        Rng rng = new Rng(6);
        int[][][] cases = {
            {{33, 65}, {65, 17}, {17}},
            {{65, 17}, {17, 33}, {1, 33}},
            {{17, 33}, {33, 65}, {17, 65}},
            {{5, 17}, {17, 4}, {}},
            {{3, 5, 17}, {17, 4}, {4}},
            {{600, 20}, {20, 40}, {40}},
        };
        for (int[][] sizes : cases) {
            for (Form fa : Form.values()) {
                for (Form fb : Form.values()) {
                    Tensor a = operand(rng.uniform(numel(sizes[0]), -1f, 1f), sizes[0], fa);
                    Tensor b = operand(rng.uniform(numel(sizes[1]), -1f, 1f), sizes[1], fb);
                    Tensor c = tensor(rng.uniform(numel(sizes[2]), -1f, 1f), sizes[2]);
                    Tensor fused = c.addmm(a, b);
                    assertEquals(a.matmul(b).shape(), fused.shape());
                    assertArrayEquals(a.matmul(b).add(c).toArray(), fused.toArray(),
                            Arrays.toString(sizes[0]) + " " + fa + " @ " + Arrays.toString(sizes[1]) + " " + fb + " + "
                                    + Arrays.toString(sizes[2]));
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(backend(), 3).addmm(Tensor.zeros(backend(), 2, 4), Tensor.zeros(backend(), 4, 5)));
        assertEquals("addmm: shapes [2, 5] and [3] do not broadcast: sizes 5 and 3 differ along axis 1 of the result",
                e.getMessage());
    }

    private static int numel(int[] sizes) {
        return Arrays.stream(sizes).reduce(1, (x, y) -> x * y);
    }

    // An empty sum is 0: with an inner size of 0, overwriting must still write zeros, and accumulating adds nothing.
    @Test
    void anEmptyInnerAxisGivesZeros() {
        Tensor a = Tensor.zeros(backend(), 2, 0);
        Tensor b = Tensor.zeros(backend(), 0, 3);
        float[] sevens = new float[6];
        Arrays.fill(sevens, 7f);
        assertArrayEquals(new float[6], a.matmul(b).toArray());
        assertArrayEquals(new float[6], a.matmulInto(b, tensor(sevens, 2, 3), false).toArray());
        assertArrayEquals(sevens, a.matmulInto(b, tensor(sevens, 2, 3), true).toArray());
    }

    @Test
    void matmulShapeErrorsSayWhatDoesNotFit() {
        Tensor x = Tensor.zeros(backend(), 256, 784);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.matmul(Tensor.zeros(backend(), 400, 784)));
        assertEquals("matmul: [256, 784] @ [400, 784]: inner sizes 784 and 400 differ", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(backend(), 3).matmul(Tensor.zeros(backend(), 3, 4)));
        assertEquals("matmul: [3] @ [3, 4]: operands must be 2-D matrices or 3-D batches of matrices", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(backend(), 2, 3, 4).matmul(Tensor.zeros(backend(), 3, 4, 5)));
        assertEquals("matmul: [2, 3, 4] @ [3, 4, 5]: batch sizes 2 and 3 differ", e.getMessage());
        Tensor wrongOut = Tensor.zeros(backend(), 4, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(backend(), 2, 3).matmulInto(Tensor.zeros(backend(), 3, 4), wrongOut, false));
        assertEquals("matmul: [2, 3] @ [3, 4] is [2, 4] but the output has shape [4, 2]", e.getMessage());
    }
}
