package io.jgrad.core.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x, ln x and tanh x on whole vectors, from additions, multiplications and bit operations only (Cephes' single
 * precision polynomials, within 2 ulp of the true values).
 *
 * <p>NOTE: why not {@code lanewise(VectorOperators.EXP)}? The JDK computes it with a vector math library once the
 * JIT has compiled the caller, and with {@code Math.exp} per lane before; the two round differently, and when the JIT
 * kicks in depends on timing, so the same training run gave different losses from run to run. Plain IEEE arithmetic
 * rounds the same way in every mode, so results are identical run after run.
 *
 * <p>Invariant: special values follow {@code Math}: NaN stays NaN, e^x overflows to infinity above about 88.7 and
 * reaches 0 (through the denormals) below about -103.9; ln 0 = -infinity, ln of a negative is NaN, ln infinity is
 * infinity.
 */
final class VectorMath {
    private static final VectorSpecies<Float> SPECIES = UnaryKernels.SPECIES;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float below 2^22 in size to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    private static final float MIN_NORMAL = Float.MIN_NORMAL;

    private VectorMath() {
    }

    /** e^x: x = n ln 2 + r with |r| <= ln 2 / 2, then e^r by a degree-6 polynomial, scaled by 2^n. */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(-104f).min(89f);
        FloatVector n = clamped.mul(LOG2E).add(ROUNDER).sub(ROUNDER);
        FloatVector r = clamped.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector r2 = r.mul(r);
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r).add(8.3334519073e-3f).mul(r)
                .add(4.1665795894e-2f).mul(r).add(1.6666665459e-1f).mul(r).add(5.0000001201e-1f).mul(r2).add(r).add(1f);
        // 2^n as two factors 2^(n/2) and 2^(n - n/2), each a normal float, so results reach into the denormals.
        IntVector k = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector scale1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale2 = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(scale1).mul(scale2);
        return result.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** ln x: x = m 2^e with m in [sqrt(1/2), sqrt(2)), then ln m by a degree-9 polynomial in m - 1, plus e ln 2. */
    static FloatVector log(FloatVector x) {
        FloatVector zero = FloatVector.zero(SPECIES);
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, MIN_NORMAL);
        IntVector bits = x.blend(x.mul(8388608f), tiny).reinterpretAsInts();          // denormals times 2^23
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);       // x = m 2^e, m in [0.5, 1)
        e = e.sub(IntVector.zero(INTS).blend(23, tiny.cast(INTS)));                     // undo the 2^23
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
        // Below sqrt(1/2) use 2m and e - 1 instead, so that f = m - 1 stays within [-0.29, 0.42).
        VectorMask<Float> small = m.compare(VectorOperators.LT, 0.707106781186547524f);
        FloatVector ef = ((FloatVector) e.convert(VectorOperators.I2F, 0)).sub(zero.blend(1f, small));
        FloatVector f = m.add(zero.blend(m, small)).sub(1f);
        FloatVector z = f.mul(f);
        FloatVector y = f.mul(7.0376836292e-2f).sub(1.1514610310e-1f).mul(f).add(1.1676998740e-1f).mul(f)
                .sub(1.2420140846e-1f).mul(f).add(1.4249322787e-1f).mul(f).sub(1.6668057665e-1f).mul(f)
                .add(2.0000714765e-1f).mul(f).sub(2.4999993993e-1f).mul(f).add(3.3333331174e-1f).mul(f).mul(z);
        y = y.add(ef.mul(LN2_LO)).sub(z.mul(0.5f));
        FloatVector result = f.add(y).add(ef.mul(LN2_HI));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        result = result.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return result.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** tanh x: an odd polynomial for |x| < 0.625, else 1 - 2 / (e^(2|x|) + 1) with x's sign. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector large = FloatVector.broadcast(SPECIES, 1f).sub(
                FloatVector.broadcast(SPECIES, 2f).div(exp(a.add(a)).add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector z = x.mul(x);
        FloatVector small = z.mul(-5.70498872745e-3f).add(2.06390887954e-2f).mul(z).sub(5.37397155531e-2f).mul(z)
                .add(1.33314422036e-1f).mul(z).sub(3.33332819422e-1f).mul(z).mul(x).add(x);
        return large.blend(small, a.compare(VectorOperators.LT, 0.625f)).blend(x, x.compare(VectorOperators.NE, x));
    }
}
