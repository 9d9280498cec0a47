package io.jgrad.core.fast;

import io.jgrad.core.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector loops for the fused binary ops that training spends its elementwise time in: the gradients through sigmoid
 * and ReLU, and binary cross-entropy with its gradient. Each is one pass over dense {@code a}, {@code b} and
 * {@code o}; the definitions are in {@link BinaryOp}.
 *
 * <p>Invariant: agrees with {@link BinaryOp#apply} to float rounding (the logarithm of {@link VectorMath} may differ
 * from Math.log in the last bit); the multiplications and clamps happen in the same order as there.
 */
final class FusedKernels {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Binary cross-entropy takes its logarithms for this many elements at a time (a multiple of the vector length). */
    private static final int CHUNK = 256;

    private FusedKernels() {
    }

    static boolean handles(BinaryOp op) {
        return switch (op) {
            case SIGMOID_BACKWARD, RELU_BACKWARD, BINARY_CROSS_ENTROPY, BINARY_CROSS_ENTROPY_BACKWARD -> true;
            default -> false;
        };
    }

    /** {@code o[po + i] = op(a[pa + i], b[pb + i])} for {@code i < bound}, a multiple of the vector length. */
    static void apply(BinaryOp op, float[] a, int pa, float[] b, int pb, float[] o, int po, int bound) {
        switch (op) {
            case SIGMOID_BACKWARD -> sigmoidBackward(a, pa, b, pb, o, po, bound);
            case RELU_BACKWARD -> reluBackward(a, pa, b, pb, o, po, bound);
            case BINARY_CROSS_ENTROPY -> binaryCrossEntropy(a, pa, b, pb, o, po, bound);
            case BINARY_CROSS_ENTROPY_BACKWARD -> binaryCrossEntropyBackward(a, pa, b, pb, o, po, bound);
            default -> throw new IllegalArgumentException(op + " is not a fused op");
        }
    }

    /** g y (1 - y), with y = a and g = b. */
    private static void sigmoidBackward(float[] a, int pa, float[] b, int pb, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector y = FloatVector.fromArray(SPECIES, a, pa + i);
            FloatVector g = FloatVector.fromArray(SPECIES, b, pb + i);
            g.mul(y).mul(y.neg().add(1f)).intoArray(o, po + i);
        }
    }

    /** g where y > 0, else 0, with y = a and g = b. */
    private static void reluBackward(float[] a, int pa, float[] b, int pb, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector y = FloatVector.fromArray(SPECIES, a, pa + i);
            zero.blend(FloatVector.fromArray(SPECIES, b, pb + i), y.compare(VectorOperators.GT, 0f)).intoArray(o, po + i);
        }
    }

    /**
     * -(t ln p + (1 - t) ln(1 - p)), each logarithm clamped at -100, with p = a and t = b. Runs in chunks: both
     * logarithms of a chunk (with {@link VectorMath#log}), then the formula.
     */
    private static void binaryCrossEntropy(float[] a, int pa, float[] b, int pb, float[] o, int po, int bound) {
        int chunk = Math.min(bound, CHUNK);
        float[] logs = new float[2 * chunk];         // ln p, then ln(1 - p)
        for (int start = 0; start < bound; start += CHUNK) {
            int len = Math.min(CHUNK, bound - start);
            VectorMath.log(a, pa + start, logs, 0, len);
            oneMinus(a, pa + start, logs, chunk, len);
            VectorMath.log(logs, chunk, logs, chunk, len);
            crossEntropyFromLogs(logs, chunk, b, pb + start, o, po + start, len);
        }
    }

    private static void oneMinus(float[] a, int pa, float[] o, int po, int len) {
        for (int i = 0; i < len; i += LANES) {
            FloatVector.fromArray(SPECIES, a, pa + i).neg().add(1f).intoArray(o, po + i);
        }
    }

    private static void crossEntropyFromLogs(float[] logs, int chunk, float[] b, int pb, float[] o, int po, int len) {
        for (int i = 0; i < len; i += LANES) {
            FloatVector logP = FloatVector.fromArray(SPECIES, logs, i);
            FloatVector logOneMinusP = FloatVector.fromArray(SPECIES, logs, chunk + i);
            // NOTE: the clamp at -100 by compare and blend, cheaper than Java's max; NaN stays NaN, as in max.
            logP = logP.blend(-100f, logP.compare(VectorOperators.LT, -100f));
            logOneMinusP = logOneMinusP.blend(-100f, logOneMinusP.compare(VectorOperators.LT, -100f));
            FloatVector t = FloatVector.fromArray(SPECIES, b, pb + i);
            t.mul(logP).add(t.neg().add(1f).mul(logOneMinusP)).neg().intoArray(o, po + i);
        }
    }

    /** (p - t) / max(p (1 - p), 1e-12), with p = a and t = b. */
    private static void binaryCrossEntropyBackward(float[] a, int pa, float[] b, int pb, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, a, pa + i);
            FloatVector t = FloatVector.fromArray(SPECIES, b, pb + i);
            p.sub(t).div(p.mul(p.neg().add(1f)).max(1e-12f)).intoArray(o, po + i);
        }
    }
}
