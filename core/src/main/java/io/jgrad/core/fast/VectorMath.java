package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x and ln x on float vectors, built only from operations that IEEE 754 rounds exactly (add, multiply, fused
 * multiply-add, compare, select, bit moves), after Cephes' {@code expf} and {@code logf} (about 1 ulp).
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JDK computes that with an Intel SVML routine once C2 has
 * compiled the loop, and with {@code Math.exp} per lane before, and the two round differently in the last bit. A
 * training run would then depend on when the JIT got to each loop, and two runs with the same seed would end with
 * different weights. Every operation here rounds the same way interpreted, compiled or vectorised, so a result
 * depends only on the input. {@code VectorMathTest} checks the vector loops bit for bit against the scalar forms.
 *
 * <p>Each function is a whole loop over dense arrays, so no vector crosses a method boundary (a vector handed to a
 * method that C2 did not inline is boxed and runs ten times slower). The loops are kept short on purpose: C2 stops
 * inlining the Vector API's methods once a compilation grows past its node budget, and every vector operation after
 * that point is boxed. So the constants are vectors made once per call, the polynomials use fused multiply-adds, and
 * the rare inputs of the logarithm go to a scalar path instead of widening the vector loop.
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
    /**
     * Added to a float's bits, carries into the exponent exactly when the significand is at least sqrt(2) (bits
     * 0x3504F3 and up): then the significand bits less 0x3504F3, plus the bits of sqrt(1/2), are m in
     * [sqrt(1/2), 1) and the exponent field is one more; otherwise they are m in [1, sqrt(2)). (As musl's logf.)
     */
    private static final int SQRT2_CARRY = 0x3F800000 - 0x3F3504F3;
    private static final int SQRT_HALF_BITS = 0x3F3504F3;
    /** Cephes expf: e^r = 1 + r + r^2 (E0 + E1 r + ... + E5 r^5) for |r| <= ln 2 / 2. */
    private static final float E0 = 5.0000001201e-1f, E1 = 1.6666665459e-1f, E2 = 4.1665795894e-2f,
            E3 = 8.3334519073e-3f, E4 = 1.3981999507e-3f, E5 = 1.9875691500e-4f;
    /** Cephes logf: ln(1 + f) = f - f^2 / 2 + f^3 (L0 + L1 f + ... + L8 f^8) for f in [sqrt(1/2) - 1, sqrt(2) - 1). */
    private static final float L0 = 3.3333331174e-1f, L1 = -2.4999993993e-1f, L2 = 2.0000714765e-1f,
            L3 = -1.6668057665e-1f, L4 = 1.4249322787e-1f, L5 = -1.2420140846e-1f, L6 = 1.1676998740e-1f,
            L7 = -1.1514610310e-1f, L8 = 7.0376836292e-2f;

    private VectorMath() {
    }

    /**
     * {@code o[po + i] = e^x[px + i]} for {@code i < bound}, a multiple of the vector length; {@code x} and
     * {@code o} may be the same run. With n = round(x log2 e) and r = x - n ln 2 (|r| <= ln 2 / 2),
     * e^x = 2^n (1 + r + r^2 P(r)). 2^n is built in the exponent bits, as two factors 2^n1 2^n2 so that each is a
     * normal float and the only rounding happens in the last multiply: overflow gives infinity and tiny results
     * come out as correctly scaled subnormals. {@link #exp(float)} is the same formula for one float.
     */
    static void exp(float[] x, int px, float[] o, int po, int bound) {
        FloatVector low = FloatVector.broadcast(SPECIES, -104f), high = FloatVector.broadcast(SPECIES, 89f);
        FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E), round = FloatVector.broadcast(SPECIES, ROUND);
        FloatVector minusLn2Hi = FloatVector.broadcast(SPECIES, -LN2_HI);
        FloatVector minusLn2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        FloatVector e0 = FloatVector.broadcast(SPECIES, E0), e1 = FloatVector.broadcast(SPECIES, E1);
        FloatVector e2 = FloatVector.broadcast(SPECIES, E2), e3 = FloatVector.broadcast(SPECIES, E3);
        FloatVector e4 = FloatVector.broadcast(SPECIES, E4), e5 = FloatVector.broadcast(SPECIES, E5);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            // NOTE: clamped by compare and blend, cheaper than Java's max and min; NaN fails both tests and stays NaN.
            v = v.blend(low, v.compare(VectorOperators.LT, low)).blend(high, v.compare(VectorOperators.GT, high));
            FloatVector t = v.fma(log2e, round);                     // ROUND + n
            FloatVector n = t.sub(round);
            FloatVector r = n.fma(minusLn2Lo, n.fma(minusLn2Hi, v));
            FloatVector p = e5.fma(r, e4).fma(r, e3).fma(r, e2).fma(r, e1).fma(r, e0);
            FloatVector y = p.fma(r.mul(r), r).add(one);
            IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);    // n, in [-150, 128]
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(s1).mul(s2).intoArray(o, po + i);
        }
    }

    /** e^x for one float: {@link #exp(float[], int, float[], int, int)}'s formula, operation for operation. */
    static float exp(float x) {
        float v = x < -104f ? -104f : x > 89f ? 89f : x;
        float t = Math.fma(v, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, v));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E5, r, E4), r, E3), r, E2), r, E1), r, E0);
        float y = Math.fma(p, r * r, r) + 1f;
        int ni = Float.floatToRawIntBits(t) - ROUND_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return y * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /**
     * {@code o[po + i] = ln x[px + i]} for {@code i < bound}, a multiple of the vector length; {@code x} and
     * {@code o} may be the same run. x = m 2^e with m in [sqrt(1/2), sqrt(2)) read from the bits; with f = m - 1,
     * ln x = f - f^2 / 2 + f^3 P(f) + e ln 2. Positive normal floats take the vector loop; a vector with a zero,
     * subnormal, negative, infinite or NaN lane goes through {@link #log(float)}, which gives the same bits for the
     * other lanes.
     */
    static void log(float[] x, int px, float[] o, int po, int bound) {
        // NOTE: the scalar path is called from here, not from inside the vector loop, and the loop is as short as it
        // can be: past C2's inlining budget its last vector operations are boxed, in some JVM starts and not others.
        for (int i = logUntilRare(x, px, o, po, 0, bound); i < bound; i = logUntilRare(x, px, o, po, i, bound)) {
            for (int j = 0; j < LANES; j++, i++) {
                o[po + i] = log(x[px + i]);
            }
        }
    }

    /** The vector loop of {@link #log(float[], int, float[], int, int)} from {@code from}; returns where it stopped. */
    private static int logUntilRare(float[] x, int px, float[] o, int po, int from, int bound) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector exponentBias = FloatVector.broadcast(SPECIES, 0x1p23f + 127f);
        FloatVector ln2Hi = FloatVector.broadcast(SPECIES, LN2_HI), ln2Lo = FloatVector.broadcast(SPECIES, LN2_LO);
        FloatVector minusHalf = FloatVector.broadcast(SPECIES, -0.5f);
        FloatVector l0 = FloatVector.broadcast(SPECIES, L0), l1 = FloatVector.broadcast(SPECIES, L1);
        FloatVector l2 = FloatVector.broadcast(SPECIES, L2), l3 = FloatVector.broadcast(SPECIES, L3);
        FloatVector l4 = FloatVector.broadcast(SPECIES, L4), l5 = FloatVector.broadcast(SPECIES, L5);
        FloatVector l6 = FloatVector.broadcast(SPECIES, L6), l7 = FloatVector.broadcast(SPECIES, L7);
        FloatVector l8 = FloatVector.broadcast(SPECIES, L8);
        for (int i = from; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            // NOTE: positive normal floats are the bits 0x00800000 to 0x7F7FFFFF: bits - 0x00800000, taken unsigned,
            // is below 0x7F000000, one signed compare once 2^31 is added too (zeros, subnormals, negatives, infinity
            // and NaN fail it).
            IntVector raw = v.reinterpretAsInts();
            if (!raw.add(0x7F800000).compare(VectorOperators.LT, 0xFF000000).allTrue()) {
                return i;
            }
            // NOTE: integer adds instead of a compare and two blends, which C2 turns into mask moves on JDK 17
            IntVector bits = raw.add(SQRT2_CARRY);
            FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).or(0x4B000000).reinterpretAsFloats()
                    .sub(exponentBias);                                                          // exponent of m
            FloatVector f = bits.and(0x007FFFFF).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(one);   // m - 1, exact
            FloatVector z = f.mul(f);
            FloatVector p = l8.fma(f, l7).fma(f, l6).fma(f, l5).fma(f, l4).fma(f, l3).fma(f, l2).fma(f, l1)
                    .fma(f, l0);
            FloatVector y = z.fma(minusHalf, e.fma(ln2Lo, p.mul(f).mul(z)));
            e.fma(ln2Hi, f.add(y)).intoArray(o, po + i);
        }
        return bound;
    }

    /**
     * ln x for one float, with Math.log's special values: ln 0 = -infinity, negative numbers and NaN give NaN,
     * ln(+infinity) = +infinity. Otherwise {@link #log(float[], int, float[], int, int)}'s formula, operation for
     * operation, with subnormals scaled by 2^23 first.
     */
    static float log(float x) {
        if (x == 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        if (!(x > 0f)) {
            return Float.NaN;
        }
        if (x == Float.POSITIVE_INFINITY) {
            return x;
        }
        boolean subnormal = x < 0x1p-126f;
        int bits = Float.floatToRawIntBits(subnormal ? x * 0x1p23f : x) + SQRT2_CARRY;
        float e = Float.intBitsToFloat(bits >>> 23 | 0x4B000000) - (0x1p23f + 127f);
        if (subnormal) {
            e -= 23f;
        }
        float f = Float.intBitsToFloat((bits & 0x007FFFFF) + SQRT_HALF_BITS) - 1f;
        float z = f * f;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(L8, f, L7), f, L6), f, L5), f, L4);
        p = Math.fma(Math.fma(Math.fma(Math.fma(p, f, L3), f, L2), f, L1), f, L0);
        float y = Math.fma(z, -0.5f, Math.fma(e, LN2_LO, p * f * z));
        return Math.fma(e, LN2_HI, f + y);
    }
}
