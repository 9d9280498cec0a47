package io.jgrad.core.fast;

import io.jgrad.core.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code o[po + i] = op(x[px + i])} for {@code i < n}: one Vector API loop per {@link UnaryOp}, on dense runs only
 * (callers gather strided operands first).
 *
 * <p>Invariant: every element goes through the same vector formula, the tail included (it is padded to a full
 * vector), so an element's result does not depend on where it sits in the run. Each loop keeps its vectors inside
 * its own method, so nothing is boxed; the op is chosen once per run, never per element.
 */
final class UnaryKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Sigmoid, tanh and binary cross-entropy compute e^x or ln x for this many elements at a time (a multiple of the
     * vector length), in {@link #SCRATCH}.
     */
    static final int CHUNK = 256;
    /** Two chunks of scratch per thread, reused from call to call. */
    static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[2 * CHUNK]);
    /** One vector's worth per thread, for the padded tail of a run. */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[LANES]);

    private UnaryKernels() {
    }

    /** Applies {@code op} to a dense run; {@code x} and {@code o} may be the same array at the same position. */
    static void apply(UnaryOp op, float[] x, int px, float[] o, int po, int n) {
        int bound = SPECIES.loopBound(n);
        vectorLoop(op, x, px, o, po, bound);
        if (bound < n) {
            float[] tail = TAIL.get();
            Arrays.fill(tail, n - bound, LANES, 0f);
            System.arraycopy(x, px + bound, tail, 0, n - bound);
            vectorLoop(op, tail, 0, tail, 0, LANES);
            System.arraycopy(tail, 0, o, po + bound, n - bound);
        }
    }

    /** {@code bound} is a multiple of the vector length. */
    private static void vectorLoop(UnaryOp op, float[] x, int px, float[] o, int po, int bound) {
        switch (op) {
            case NEG -> neg(x, px, o, po, bound);
            case EXP -> exp(x, px, o, po, bound);
            case LOG -> log(x, px, o, po, bound);
            case SQRT -> sqrt(x, px, o, po, bound);
            case SQUARE -> square(x, px, o, po, bound);
            case ABS -> abs(x, px, o, po, bound);
            case SIGN -> sign(x, px, o, po, bound);
            case RELU -> relu(x, px, o, po, bound);
            case SIGMOID, TANH -> throughExp(op, x, px, o, po, bound);
            case RECIPROCAL -> reciprocal(x, px, o, po, bound);
        }
    }

    private static void neg(float[] x, int px, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, px + i).neg().intoArray(o, po + i);
        }
    }

    // NOTE: EXP and LOG (and SIGMOID and TANH, which go through EXP) use VectorMath, not the JDK's lanewise EXP and
    // LOG: those round differently before and after C2 compiles the loop, and training would stop being repeatable.
    private static void exp(float[] x, int px, float[] o, int po, int bound) {
        VectorMath.exp(x, px, o, po, bound);
    }

    private static void log(float[] x, int px, float[] o, int po, int bound) {
        VectorMath.log(x, px, o, po, bound);
    }

    private static void sqrt(float[] x, int px, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, px + i).sqrt().intoArray(o, po + i);
        }
    }

    private static void square(float[] x, int px, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            v.mul(v).intoArray(o, po + i);
        }
    }

    private static void abs(float[] x, int px, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, px + i).abs().intoArray(o, po + i);
        }
    }

    /** Math.signum: +1 or -1, but zeros (of either sign) and NaN pass through unchanged. */
    private static void sign(float[] x, int px, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector minusOne = FloatVector.broadcast(SPECIES, -1f);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            v.blend(one, v.compare(VectorOperators.GT, zero))
                    .blend(minusOne, v.compare(VectorOperators.LT, zero))
                    .intoArray(o, po + i);
        }
    }

    // NOTE: x > 0 ? x : 0, not max(x, 0): NaN and -0 both give +0, as in the reference.
    private static void relu(float[] x, int px, float[] o, int po, int bound) {
        // NOTE: lanewise MAX follows Math.max, so NaN stays NaN, as in the reference and in PyTorch.
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, px + i).lanewise(VectorOperators.MAX, 0f).intoArray(o, po + i);
        }
    }

    /**
     * Sigmoid and tanh, a chunk at a time: the argument of e^x for the chunk into scratch, e^x there, then the
     * formula ({@link #sigmoidFromExp}, {@link #tanhFromExp}).
     */
    private static void throughExp(UnaryOp op, float[] x, int px, float[] o, int po, int bound) {
        float[] t = SCRATCH.get();
        for (int start = 0; start < bound; start += CHUNK) {
            int len = Math.min(CHUNK, bound - start);
            if (op == UnaryOp.SIGMOID) {
                minusAbs(x, px + start, t, len);
            } else {
                twiceAbs(x, px + start, t, len);
            }
            VectorMath.exp(t, 0, t, 0, len);
            if (op == UnaryOp.SIGMOID) {
                sigmoidFromExp(x, px + start, t, o, po + start, len);
            } else {
                tanhFromExp(x, px + start, t, o, po + start, len);
            }
        }
    }

    private static void minusAbs(float[] x, int px, float[] t, int len) {
        for (int i = 0; i < len; i += LANES) {
            FloatVector.fromArray(SPECIES, x, px + i).abs().neg().intoArray(t, i);
        }
    }

    /**
     * sigmoid(x) = 1 / (1 + e^-x). With t = e^-|x| in (0, 1] nothing overflows: r = 1 / (1 + t) is sigmoid(|x|),
     * and for x < 0 the result is t * r = e^x / (1 + e^x), which keeps its relative precision down to denormals.
     */
    private static void sigmoidFromExp(float[] x, int px, float[] t, float[] o, int po, int len) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int i = 0; i < len; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            FloatVector e = FloatVector.fromArray(SPECIES, t, i);
            FloatVector r = one.div(one.add(e));
            r.blend(e.mul(r), v.compare(VectorOperators.LT, 0f)).intoArray(o, po + i);
        }
    }

    private static void twiceAbs(float[] x, int px, float[] t, int len) {
        for (int i = 0; i < len; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i).abs();
            v.add(v).intoArray(t, i);
        }
    }

    /**
     * tanh after Cephes' {@code tanhf}: for |x| < 0.625 an odd polynomial, x + x^3 P(x^2); beyond,
     * 1 - 2 / (e^2|x| + 1) with the sign of x (e^2|x| may overflow to infinity, which gives exactly 1).
     */
    private static void tanhFromExp(float[] x, int px, float[] t, float[] o, int po, int len) {
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        for (int i = 0; i < len; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            FloatVector large = minusTwo.div(FloatVector.fromArray(SPECIES, t, i).add(1f)).add(1f);
            large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
            FloatVector s = v.mul(v);
            FloatVector p = s.mul(-5.70498872745e-3f).add(2.06390887954e-2f);
            p = p.mul(s).add(-5.37397155531e-2f);
            p = p.mul(s).add(1.33314422036e-1f);
            p = p.mul(s).add(-3.33332819422e-1f);
            FloatVector small = p.mul(s).mul(v).add(v);
            small.blend(large, v.abs().compare(VectorOperators.GE, 0.625f).or(v.compare(VectorOperators.NE, v)))
                    .intoArray(o, po + i);
        }
    }

    private static void reciprocal(float[] x, int px, float[] o, int po, int bound) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int i = 0; i < bound; i += LANES) {
            one.div(FloatVector.fromArray(SPECIES, x, px + i)).intoArray(o, po + i);
        }
    }
}
