package io.jgrad.core.fast;

import io.jgrad.core.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The comparison ops of {@link BinaryKernels} as vector loops: {@code o[i] = a[i] cmp b[i] ? 1 : 0}, a 0/1 mask
 * that multiplies cleanly. Same contract as {@link BinaryKernels}: {@code a} dense, {@code b} dense or broadcast,
 * {@code bound} a multiple of the vector length.
 *
 * <p>Invariant: each comparison is its own method with a constant {@link VectorOperators.Comparison}, so the
 * intrinsic applies (a comparison passed as a variable falls back to a slow Java loop).
 */
final class Comparisons {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private Comparisons() {
    }

    static void apply(BinaryOp op, float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        switch (op) {
            case EQ -> eq(a, pa, b, pb, bScalar, o, po, bound);
            case NE -> ne(a, pa, b, pb, bScalar, o, po, bound);
            case LT -> lt(a, pa, b, pb, bScalar, o, po, bound);
            case LE -> le(a, pa, b, pb, bScalar, o, po, bound);
            case GT -> gt(a, pa, b, pb, bScalar, o, po, bound);
            case GE -> ge(a, pa, b, pb, bScalar, o, po, bound);
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        }
    }

    // NOTE: as in Java, every comparison with NaN is false except NE, which is true.
    private static void eq(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector fixed = FloatVector.broadcast(SPECIES, b[pb]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector vb = bScalar ? fixed : FloatVector.fromArray(SPECIES, b, pb + i);
            VectorMask<Float> m = FloatVector.fromArray(SPECIES, a, pa + i).compare(VectorOperators.EQ, vb);
            zero.blend(one, m).intoArray(o, po + i);
        }
    }

    private static void ne(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector fixed = FloatVector.broadcast(SPECIES, b[pb]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector vb = bScalar ? fixed : FloatVector.fromArray(SPECIES, b, pb + i);
            VectorMask<Float> m = FloatVector.fromArray(SPECIES, a, pa + i).compare(VectorOperators.NE, vb);
            zero.blend(one, m).intoArray(o, po + i);
        }
    }

    private static void lt(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector fixed = FloatVector.broadcast(SPECIES, b[pb]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector vb = bScalar ? fixed : FloatVector.fromArray(SPECIES, b, pb + i);
            VectorMask<Float> m = FloatVector.fromArray(SPECIES, a, pa + i).compare(VectorOperators.LT, vb);
            zero.blend(one, m).intoArray(o, po + i);
        }
    }

    private static void le(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector fixed = FloatVector.broadcast(SPECIES, b[pb]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector vb = bScalar ? fixed : FloatVector.fromArray(SPECIES, b, pb + i);
            VectorMask<Float> m = FloatVector.fromArray(SPECIES, a, pa + i).compare(VectorOperators.LE, vb);
            zero.blend(one, m).intoArray(o, po + i);
        }
    }

    private static void gt(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector fixed = FloatVector.broadcast(SPECIES, b[pb]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector vb = bScalar ? fixed : FloatVector.fromArray(SPECIES, b, pb + i);
            VectorMask<Float> m = FloatVector.fromArray(SPECIES, a, pa + i).compare(VectorOperators.GT, vb);
            zero.blend(one, m).intoArray(o, po + i);
        }
    }

    private static void ge(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector fixed = FloatVector.broadcast(SPECIES, b[pb]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector vb = bScalar ? fixed : FloatVector.fromArray(SPECIES, b, pb + i);
            VectorMask<Float> m = FloatVector.fromArray(SPECIES, a, pa + i).compare(VectorOperators.GE, vb);
            zero.blend(one, m).intoArray(o, po + i);
        }
    }
}
