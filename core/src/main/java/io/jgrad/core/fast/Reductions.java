package io.jgrad.core.fast;

import io.jgrad.core.Layout;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SUM and MAX along any axes, and argmax along one axis.
 *
 * <p>A reduction is a walk over x's shape together with {@code out} expanded to that shape (stride 0 along the
 * reduced axes). After {@link StridedLoops} reorders and merges the axes, each run either <em>folds</em> (out's
 * stride is 0: a row sum or the sum of everything, one vector accumulator) or <em>accumulates</em> (out's stride is
 * 1: a column sum, adding a row of x into a row of out, vectorised).
 *
 * <p>Invariant: deterministic. The order of every addition depends only on the layouts, never on threads or on
 * which JIT tier runs: vector lanes are folded in a fixed order through an array, not by {@code reduceLanes(ADD)}.
 */
final class Reductions {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private Reductions() {
    }

    static void reduce(ReduceOp op, Tensor x, Tensor out) {
        float[] in = FastBackend.data(x);
        float[] o = FastBackend.data(out);
        Elementwise.fill(out, op.identity());
        Layout target = out.layout().expand(x.shape());
        StridedLoops walk = StridedLoops.of(x.shape(), x.layout(), target);
        int n = walk.innerSize();
        int sx = walk.innerStride(0);
        int so = walk.innerStride(1);
        boolean sum = op == ReduceOp.SUM;
        walk.forEachRun((px, po, unused) -> {
            if (so == 0) {
                float run = sx == 1 ? (sum ? sumDense(in, px, n) : maxDense(in, px, n)) : foldStrided(op, in, px, sx, n);
                o[po] = op.combine(o[po], run);
            } else if (so == 1 && sx == 1) {
                accumulateDense(sum, in, px, o, po, n);
            } else {
                for (int i = 0; i < n; i++) {
                    int at = po + i * so;
                    o[at] = op.combine(o[at], in[px + i * sx]);
                }
            }
        });
    }

    /**
     * The sum of a dense run: four lane-wise partial sums (independent, so the adds overlap instead of waiting on
     * each other), combined pairwise, then the lanes and the tail added in index order.
     */
    private static float sumDense(float[] x, int px, int n) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int i = 0;
        for (int wide = n - n % (4 * LANES); i < wide; i += 4 * LANES) {
            acc0 = acc0.add(FloatVector.fromArray(SPECIES, x, px + i));
            acc1 = acc1.add(FloatVector.fromArray(SPECIES, x, px + i + LANES));
            acc2 = acc2.add(FloatVector.fromArray(SPECIES, x, px + i + 2 * LANES));
            acc3 = acc3.add(FloatVector.fromArray(SPECIES, x, px + i + 3 * LANES));
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            acc0 = acc0.add(FloatVector.fromArray(SPECIES, x, px + i));
        }
        float[] lanes = new float[LANES];
        acc0.add(acc1).add(acc2.add(acc3)).intoArray(lanes, 0);
        float total = 0f;
        for (float lane : lanes) {
            total += lane;
        }
        for (; i < n; i++) {
            total += x[px + i];
        }
        return total;
    }

    // NOTE: max is associative and commutative even with NaN and signed zeros (Math.max semantics), so the
    // lane order of reduceLanes(MAX) cannot change the result.
    private static float maxDense(float[] x, int px, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector acc = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < bound; i += LANES) {
            acc = acc.max(FloatVector.fromArray(SPECIES, x, px + i));
        }
        float best = acc.reduceLanes(VectorOperators.MAX);
        for (int i = bound; i < n; i++) {
            best = Math.max(best, x[px + i]);
        }
        return best;
    }

    private static float foldStrided(ReduceOp op, float[] x, int px, int sx, int n) {
        float acc = op.identity();
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[px + i * sx]);
        }
        return acc;
    }

    /** {@code o[po + i] = combine(o[po + i], x[px + i])}: one row of x into one row of out. */
    private static void accumulateDense(boolean sum, float[] x, int px, float[] o, int po, int n) {
        int bound = SPECIES.loopBound(n);
        if (sum) {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, o, po + i).add(FloatVector.fromArray(SPECIES, x, px + i)).intoArray(o, po + i);
            }
            for (int i = bound; i < n; i++) {
                o[po + i] += x[px + i];
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, o, po + i).max(FloatVector.fromArray(SPECIES, x, px + i)).intoArray(o, po + i);
            }
            for (int i = bound; i < n; i++) {
                o[po + i] = Math.max(o[po + i], x[px + i]);
            }
        }
    }

    /**
     * For every line along {@code axis}: the first index of its largest value, NaN counting as largest. The lines
     * start where x narrowed to index 0 along the axis puts them; the walk pairs each start with its output.
     */
    static void argmax(Tensor x, int axis, Tensor out) {
        float[] in = FastBackend.data(x);
        float[] o = FastBackend.data(out);
        int size = x.size(axis);
        int stride = x.layout().stride(axis);
        StridedLoops walk = StridedLoops.of(out.shape(), out.layout(), x.layout().narrow(axis, 0, 1));
        int n = walk.innerSize();
        int so = walk.innerStride(0);
        int sx = walk.innerStride(1);
        walk.forEachRun((po, px, unused) -> {
            for (int j = 0; j < n; j++) {
                int start = px + j * sx;
                int best = 0;
                float top = in[start];
                for (int i = 1; i < size; i++) {
                    float v = in[start + i * stride];
                    if (v > top || Float.isNaN(v) && !Float.isNaN(top)) {
                        best = i;
                        top = v;
                    }
                }
                o[po + j * so] = best;
            }
        });
    }
}
