package io.jgrad.core.fast;

import io.jgrad.core.Fused;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector loops for the {@link Fused} kernels of two inputs that training spends its elementwise time in: the
 * gradients through sigmoid and ReLU, and binary cross-entropy with its gradient. Each is one pass over dense
 * {@code a}, {@code b} and {@code o}; the definitions are the reference backend's loops.
 *
 * <p>Invariant: agrees with the reference to float rounding (the logarithm of {@link VectorMath} may differ from
 * Math.log in the last bit); the multiplications and clamps happen in the same order as there.
 */
final class FusedKernels {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();
    private static final int CHUNK = UnaryKernels.CHUNK;
    /**
     * Elements per block of {@link #binaryCrossEntropySum}: one thread adds a block's terms in index order, and the
     * blocks' sums are added in block order, so the sum does not depend on which thread took which block.
     */
    static final int SUM_BLOCK = 16 * CHUNK;
    /** A chunk of terms, then the LANES partial sums of the block being added up, per thread. */
    private static final ThreadLocal<float[]> TERMS = ThreadLocal.withInitial(() -> new float[CHUNK + LANES]);

    private FusedKernels() {
    }

    /** A kernel's vector loop over elements {@code [0, bound)} of the dense arrays {@code d[j]} from {@code at[j]}. */
    @FunctionalInterface
    interface Loop {
        void run(float[][] d, int[] at, int bound, float[] parameters);
    }

    /**
     * The loop of each kernel. NOTE: called through this table rather than a switch, the call site sees every kernel
     * and C2 compiles each loop as a unit of its own. Behind a switch it inlined all of them into one method, whose
     * size then kept the last vector operations of some from being inlined: they were boxed, and the training step
     * took 10% longer.
     */
    private static final Map<Fused.Kernel, Loop> LOOPS = new EnumMap<>(Map.of(
            Fused.Kernel.SIGMOID_BACKWARD, (d, at, bound, p) -> sigmoidBackward(d[0], at[0], d[1], at[1], d[2], at[2], bound),
            Fused.Kernel.RELU_BACKWARD, (d, at, bound, p) -> reluBackward(d[0], at[0], d[1], at[1], d[2], at[2], bound),
            Fused.Kernel.BINARY_CROSS_ENTROPY,
                    (d, at, bound, p) -> binaryCrossEntropy(d[0], at[0], d[1], at[1], d[2], at[2], bound),
            Fused.Kernel.BINARY_CROSS_ENTROPY_BACKWARD,
                    (d, at, bound, p) -> binaryCrossEntropyBackward(d[0], at[0], d[1], at[1], d[2], at[2], bound),
            Fused.Kernel.ADAM_STEP, AdamKernel::step));

    static Loop loop(Fused.Kernel kernel) {
        return LOOPS.get(kernel);
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
     * -(t ln p + (1 - t) ln(1 - p)), each logarithm clamped at -100, with p = a and t = b. Runs in chunks: p and
     * 1 - p into the thread's scratch, their logarithms there (with {@link VectorMath#log}), then the formula. A
     * prediction of exactly 0 or 1 (a saturated sigmoid) makes one logarithm -infinity, clamped to -100; such
     * zeros go into the logarithm as ones and the clamp is applied from p itself, so they stay on the vector path.
     */
    private static void binaryCrossEntropy(float[] a, int pa, float[] b, int pb, float[] o, int po, int bound) {
        float[] logs = UnaryKernels.SCRATCH.get();   // ln p, then ln(1 - p) from CHUNK on
        for (int start = 0; start < bound; start += CHUNK) {
            int len = Math.min(CHUNK, bound - start);
            logInputs(a, pa + start, logs, len);
            VectorMath.log(logs, 0, logs, 0, len);
            VectorMath.log(logs, CHUNK, logs, CHUNK, len);
            crossEntropyFromLogs(a, pa + start, logs, b, pb + start, o, po + start, len);
        }
    }

    /** p into {@code logs[0, len)} and 1 - p into {@code logs[CHUNK, CHUNK + len)}, zeros replaced by ones. */
    private static void logInputs(float[] a, int pa, float[] logs, int len) {
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        for (int i = 0; i < len; i += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, a, pa + i);
            FloatVector q = one.sub(p);
            p.blend(one, p.compare(VectorOperators.EQ, zero)).intoArray(logs, i);
            q.blend(one, q.compare(VectorOperators.EQ, zero)).intoArray(logs, CHUNK + i);
        }
    }

    private static void crossEntropyFromLogs(float[] a, int pa, float[] logs, float[] b, int pb, float[] o, int po,
                                             int len) {
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector floor = FloatVector.broadcast(SPECIES, -100f);
        for (int i = 0; i < len; i += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, a, pa + i);
            FloatVector logP = FloatVector.fromArray(SPECIES, logs, i);
            FloatVector logOneMinusP = FloatVector.fromArray(SPECIES, logs, CHUNK + i);
            // NOTE: the clamp at -100 by compare and blend, cheaper than Java's max; NaN stays NaN, as in max.
            // 1 - p is 0 exactly when p is 1 (the subtraction is exact for p >= 1/2).
            logP = logP.blend(floor, logP.compare(VectorOperators.LT, floor).or(p.compare(VectorOperators.EQ, zero)));
            logOneMinusP = logOneMinusP.blend(floor,
                    logOneMinusP.compare(VectorOperators.LT, floor).or(p.compare(VectorOperators.EQ, one)));
            FloatVector t = FloatVector.fromArray(SPECIES, b, pb + i);
            t.mul(logP).add(one.sub(t).mul(logOneMinusP)).neg().intoArray(o, po + i);
        }
    }

    /**
     * The sum of the binary cross-entropy terms of elements {@code [0, bound)} (a multiple of the vector length),
     * with p = a and t = b, the terms never written out: each chunk's terms go to the thread's scratch, from there
     * into partial sums. The blocks go to the threads as elementwise passes' parts do.
     */
    static float binaryCrossEntropySum(float[] a, int pa, float[] b, int pb, int bound) {
        float[] sums = new float[(bound + SUM_BLOCK - 1) / SUM_BLOCK];
        Workers.forParts(sums.length, 1, Workers.MIN_ELEMENTS_PER_THREAD / SUM_BLOCK, (from, to) -> {
            for (int block = from; block < to; block++) {
                int start = block * SUM_BLOCK;
                sums[block] = blockSum(a, pa + start, b, pb + start, Math.min(SUM_BLOCK, bound - start));
            }
        });
        float total = 0f;
        for (float sum : sums) {
            total += sum;
        }
        return total;
    }

    private static float blockSum(float[] a, int pa, float[] b, int pb, int len) {
        float[] terms = TERMS.get();
        Arrays.fill(terms, CHUNK, CHUNK + LANES, 0f);
        for (int start = 0; start < len; start += CHUNK) {
            int n = Math.min(CHUNK, len - start);
            binaryCrossEntropy(a, pa + start, b, pb + start, terms, 0, n);
            addToPartialSums(terms, n);
        }
        float sum = 0f;
        for (int lane = 0; lane < LANES; lane++) {
            sum += terms[CHUNK + lane];
        }
        return sum;
    }

    /** {@code terms[CHUNK + lane] += terms[i]} for each i < n in that lane, a vector at a time. */
    private static void addToPartialSums(float[] terms, int n) {
        FloatVector sums = FloatVector.fromArray(SPECIES, terms, CHUNK);
        for (int i = 0; i < n; i += LANES) {
            sums = sums.add(FloatVector.fromArray(SPECIES, terms, i));
        }
        sums.intoArray(terms, CHUNK);
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
