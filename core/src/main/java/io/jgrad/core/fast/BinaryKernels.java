package io.jgrad.core.fast;

import io.jgrad.core.BinaryOp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code o[po + i] = op(a[pa + i*sa], b[pb + i*sb])} for {@code i < n} on a dense output run, where each input is
 * either dense (stride 1) or one broadcast element (stride 0); callers gather other strides first.
 *
 * <p>Invariant: the op is chosen once per run; each op's Vector API loop keeps its vectors inside its own method,
 * so nothing is boxed. Every op here is exact in IEEE arithmetic, so the vector lanes and the scalar tail (which
 * calls {@link BinaryOp#apply}) agree bit for bit with the reference. POW has no vector loop: it is
 * {@code Math.pow} per element, as in the reference.
 */
final class BinaryKernels {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private BinaryKernels() {
    }

    /** Applies {@code op} along a run; {@code sa} and {@code sb} are each 0 or 1, and {@code o} is dense. */
    static void apply(BinaryOp op, float[] a, int pa, int sa, float[] b, int pb, int sb, float[] o, int po, int n) {
        if (sa == 0 && sb == 0) {
            Arrays.fill(o, po, po + n, op.apply(a[pa], b[pb]));
            return;
        }
        BinaryOp mirrored = mirror(op);
        if (sa == 0 && mirrored != null) {
            apply(mirrored, b, pb, sb, a, pa, sa, o, po, n);
            return;
        }
        // POW runs in the scalar loop below.
        int bound = op != BinaryOp.POW ? SPECIES.loopBound(n) : 0;
        if (sa == 0) {
            scalarFirst(op, a[pa], b, pb, o, po, bound);
        } else {
            vectorLoop(op, a, pa, b, pb, sb == 0, o, po, bound);
        }
        for (int i = bound; i < n; i++) {
            o[po + i] = op.apply(a[pa + i * sa], b[pb + i * sb]);
        }
    }

    /** The op with its operands swapped, {@code op(a, b) == mirror(op)(b, a)} exactly; null when it has none. */
    private static BinaryOp mirror(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, MAXIMUM, MINIMUM, EQ, NE -> op;
            case LT -> BinaryOp.GT;
            case LE -> BinaryOp.GE;
            case GT -> BinaryOp.LT;
            case GE -> BinaryOp.LE;
            case SUB, DIV, POW -> null;
        };
    }

    /** A broadcast first operand for the ops that do not commute: scalar - b[i] and scalar / b[i]. */
    private static void scalarFirst(BinaryOp op, float scalar, float[] b, int pb, float[] o, int po, int bound) {
        FloatVector va = FloatVector.broadcast(SPECIES, scalar);
        if (op == BinaryOp.SUB) {
            for (int i = 0; i < bound; i += LANES) {
                va.sub(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        } else if (op == BinaryOp.DIV) {
            for (int i = 0; i < bound; i += LANES) {
                va.div(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }

    /** {@code a} is dense; {@code b} is dense, or one element when {@code bScalar}. */
    private static void vectorLoop(BinaryOp op, float[] a, int pa, float[] b, int pb, boolean bScalar,
                                   float[] o, int po, int bound) {
        switch (op) {
            case ADD -> add(a, pa, b, pb, bScalar, o, po, bound);
            case SUB -> sub(a, pa, b, pb, bScalar, o, po, bound);
            case MUL -> mul(a, pa, b, pb, bScalar, o, po, bound);
            case DIV -> div(a, pa, b, pb, bScalar, o, po, bound);
            case MAXIMUM -> maximum(a, pa, b, pb, bScalar, o, po, bound);
            case MINIMUM -> minimum(a, pa, b, pb, bScalar, o, po, bound);
            case EQ, NE, LT, LE, GT, GE -> Comparisons.apply(op, a, pa, b, pb, bScalar, o, po, bound);
            case POW -> {
                // no vector loop: the caller's scalar loop computes every element
            }
        }
    }

    private static void add(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        if (bScalar) {
            FloatVector vb = FloatVector.broadcast(SPECIES, b[pb]);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).add(vb).intoArray(o, po + i);
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).add(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }

    private static void sub(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        if (bScalar) {
            FloatVector vb = FloatVector.broadcast(SPECIES, b[pb]);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).sub(vb).intoArray(o, po + i);
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).sub(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }

    private static void mul(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        if (bScalar) {
            FloatVector vb = FloatVector.broadcast(SPECIES, b[pb]);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).mul(vb).intoArray(o, po + i);
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).mul(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }

    private static void div(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        if (bScalar) {
            FloatVector vb = FloatVector.broadcast(SPECIES, b[pb]);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).div(vb).intoArray(o, po + i);
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).div(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }

    // NOTE: the Vector API's max and min follow Math.max and Math.min: NaN wins, and +0 > -0.
    private static void maximum(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        if (bScalar) {
            FloatVector vb = FloatVector.broadcast(SPECIES, b[pb]);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).max(vb).intoArray(o, po + i);
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).max(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }

    private static void minimum(float[] a, int pa, float[] b, int pb, boolean bScalar, float[] o, int po, int bound) {
        if (bScalar) {
            FloatVector vb = FloatVector.broadcast(SPECIES, b[pb]);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).min(vb).intoArray(o, po + i);
            }
        } else {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, pa + i).min(FloatVector.fromArray(SPECIES, b, pb + i)).intoArray(o, po + i);
            }
        }
    }
}
