package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's update in one pass over a parameter, its gradient and its two moments (all dense, of one length), instead
 * of the eight passes and four temporaries the composed version takes. The formula is
 * {@link io.jgrad.core.Backend#adamStep}'s, with the operations in the same order, so it rounds the same way.
 */
final class AdamKernel {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private AdamKernel() {
    }

    static void step(float[] p, int pp, float[] g, int pg, float[] m, int pm, float[] v, int pv, int n,
                     float beta1, float beta2, float eps, float stepSize, float biasRoot) {
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector gi = FloatVector.fromArray(SPECIES, g, pg + i);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, pm + i).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, pv + i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            FloatVector denominator = vi.sqrt().div(biasRoot).add(eps);
            FloatVector.fromArray(SPECIES, p, pp + i).sub(mi.div(denominator).mul(stepSize)).intoArray(p, pp + i);
            mi.intoArray(m, pm + i);
            vi.intoArray(v, pv + i);
        }
        for (int i = bound; i < n; i++) {
            float gi = g[pg + i];
            float mi = m[pm + i] * beta1 + gi * oneMinusBeta1;
            float vi = v[pv + i] * beta2 + gi * gi * oneMinusBeta2;
            p[pp + i] -= mi / ((float) Math.sqrt(vi) / biasRoot + eps) * stepSize;
            m[pm + i] = mi;
            v[pv + i] = vi;
        }
    }
}
