package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link io.jgrad.core.Fused.Kernel#ADAM_STEP} as a vector loop: one pass over a parameter, its gradient and its two
 * moments (all dense, of one length), instead of the eight passes and four temporaries of composed tensor ops. The
 * operations are those of the reference backend's loop, in the same order, so it rounds the same way.
 */
final class AdamKernel {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private AdamKernel() {
    }

    /** Tensors (p, g, m, v) at positions {@code at}; elements {@code [0, bound)}, a multiple of the vector length. */
    static void step(float[][] d, int[] at, int bound, float[] parameters) {
        float beta1 = parameters[0];
        float beta2 = parameters[1];
        float eps = parameters[2];
        float stepSize = parameters[3];
        float biasRoot = parameters[4];
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        float[] p = d[0];
        float[] g = d[1];
        float[] m = d[2];
        float[] v = d[3];
        int pp = at[0];
        int pg = at[1];
        int pm = at[2];
        int pv = at[3];
        for (int i = 0; i < bound; i += LANES) {
            FloatVector gi = FloatVector.fromArray(SPECIES, g, pg + i);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, pm + i).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, pv + i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            FloatVector denominator = vi.sqrt().div(biasRoot).add(eps);
            FloatVector.fromArray(SPECIES, p, pp + i).sub(mi.div(denominator).mul(stepSize)).intoArray(p, pp + i);
            mi.intoArray(m, pm + i);
            vi.intoArray(v, pv + i);
        }
    }
}
