package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x and ln x on float vectors, built only from operations that IEEE 754 rounds exactly (add, multiply, divide,
 * compare, select, bit moves), after Cephes' {@code expf} and {@code logf} (about 1 ulp).
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JDK computes that with an Intel SVML routine once C2 has
 * compiled the loop, and with {@code Math.exp} per lane before, and the two round differently in the last bit. A
 * training run would then depend on when the JIT got to each loop, and two runs with the same seed would end with
 * different weights. Every operation here rounds the same way interpreted, compiled or vectorised, so a result
 * depends only on the input. {@code VectorMathTest} checks the vector loops bit for bit against a scalar transcription.
 *
 * <p>Each function is a whole loop over dense arrays, so no vector crosses a method boundary (a vector handed to a
 * method that C2 did not inline is boxed and runs ten times slower). Callers that need e^x inside a bigger formula
 * (sigmoid, tanh) run it over a small chunk and combine afterwards.
 */
final class VectorMath {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, which lands in the low bits. */
    private static final float ROUND = 0x1.8p23f;
    private static final int ROUND_BITS = 0x4B400000;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = LN2_HI + LN2_LO; LN2_HI has few bits, so n * LN2_HI is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    private VectorMath() {
    }

    /**
     * {@code o[po + i] = e^x[px + i]} for {@code i < bound}, a multiple of the vector length; {@code x} and
     * {@code o} may be the same run. With n = round(x log2 e) and r = x - n ln 2 (|r| <= ln 2 / 2),
     * e^x = 2^n (1 + r + r^2 P(r)). 2^n is built in the exponent bits, as two factors 2^n1 2^n2 so that each is a
     * normal float and the only rounding happens in the last multiply: overflow gives infinity and tiny results
     * come out as correctly scaled subnormals.
     */
    static void exp(float[] x, int px, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            // NOTE: clamped by compare and blend, cheaper than Java's max and min; NaN fails both tests and stays NaN.
            v = v.blend(-104f, v.compare(VectorOperators.LT, -104f)).blend(89f, v.compare(VectorOperators.GT, 89f));
            FloatVector t = v.mul(LOG2E).add(ROUND);                  // ROUND + n
            FloatVector n = t.sub(ROUND);
            FloatVector r = v.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
            p = p.mul(r).add(8.3334519073e-3f);
            p = p.mul(r).add(4.1665795894e-2f);
            p = p.mul(r).add(1.6666665459e-1f);
            p = p.mul(r).add(5.0000001201e-1f);
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);  // n, in [-150, 128]
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(s1).mul(s2).intoArray(o, po + i);
        }
    }

    /**
     * {@code o[po + i] = ln x[px + i]} for {@code i < bound}, a multiple of the vector length; {@code x} and
     * {@code o} may be the same run. x = m 2^e with m in [sqrt(1/2), sqrt(2)) read from the bits (subnormals are
     * scaled by 2^23 first); with f = m - 1, ln x = f - f^2 / 2 + f^3 P(f) + e ln 2. ln 0 = -infinity; negative
     * numbers and NaN give NaN; ln(+infinity) = +infinity.
     */
    static void log(float[] x, int px, float[] o, int po, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            // Zeros, subnormals, negatives, infinity and NaN are rare: test for them once per vector.
            VectorMask<Float> subnormal = v.compare(VectorOperators.LT, 0x1p-126f);   // zeros and negatives too
            boolean anyUnusual = subnormal.or(v.compare(VectorOperators.GT, Float.MAX_VALUE))
                    .or(v.compare(VectorOperators.NE, v)).anyTrue();
            IntVector bits = (anyUnusual ? v.blend(v.mul(0x1p23f), subnormal) : v).reinterpretAsInts();
            FloatVector m = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();   // in [0.5, 1)
            FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).or(0x4B000000).reinterpretAsFloats()
                    .sub(0x1p23f + 126f);                                                // exponent of m, as a float
            if (anyUnusual) {
                e = e.blend(e.sub(23f), subnormal);
            }
            VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
            e = e.blend(e.sub(1f), low);
            FloatVector f = m.blend(m.add(m), low).sub(1f);        // exact
            FloatVector z = f.mul(f);
            FloatVector p = f.mul(7.0376836292e-2f).add(-1.1514610310e-1f);
            p = p.mul(f).add(1.1676998740e-1f);
            p = p.mul(f).add(-1.2420140846e-1f);
            p = p.mul(f).add(1.4249322787e-1f);
            p = p.mul(f).add(-1.6668057665e-1f);
            p = p.mul(f).add(2.0000714765e-1f);
            p = p.mul(f).add(-2.4999993993e-1f);
            p = p.mul(f).add(3.3333331174e-1f);
            FloatVector y = p.mul(f).mul(z);
            y = y.add(e.mul(LN2_LO)).sub(z.mul(0.5f));
            FloatVector result = f.add(y).add(e.mul(LN2_HI));
            if (anyUnusual) {
                result = result.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
                result = result.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
                result = result.blend(Float.NaN, v.compare(VectorOperators.LT, 0f).or(v.compare(VectorOperators.NE, v)));
            }
            result.intoArray(o, po + i);
        }
    }
}
