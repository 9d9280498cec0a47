package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Rng;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath}: within 2 ulp of {@code Math.exp} and {@code Math.log} over the whole float range, and bit for
 * bit equal to the same formula written with scalar floats. The second is what makes training repeatable: scalar
 * float arithmetic rounds the same way interpreted and compiled, so a vector loop that always equals it does too.
 */
class VectorMathTest {
    private static final int LANES = UnaryKernels.SPECIES.length();

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        float[] x = sweep(-110f, 95f);
        float[] o = new float[x.length];
        VectorMath.exp(x, 0, o, 0, x.length);
        assertWithinUlps(x, o, Math::exp, 2, "exp");
    }

    @Test
    void logIsWithinTwoUlpOfMathLog() {
        float[] x = positives();
        float[] o = new float[x.length];
        VectorMath.log(x, 0, o, 0, x.length);
        assertWithinUlps(x, o, Math::log, 2, "log");
    }

    @Test
    void specialValuesFollowMath() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, -1f, Float.MIN_VALUE,
            Float.MAX_VALUE, 1f, -104f, 89f, 88.72f, -87.5f};
        float[] padded = new float[(x.length + LANES - 1) / LANES * LANES];
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] exp = new float[padded.length];
        float[] log = new float[padded.length];
        VectorMath.exp(padded, 0, exp, 0, padded.length);
        VectorMath.log(padded, 0, log, 0, padded.length);
        for (int i = 0; i < x.length; i++) {
            assertNear((float) Math.exp(x[i]), exp[i], 2, "exp(" + x[i] + ")");
            assertNear((float) Math.log(x[i]), log[i], 2, "log(" + x[i] + ")");
        }
    }

    @Test
    void vectorLoopsEqualTheScalarFormulaBitForBit() {
        Rng rng = new Rng(7);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 30);
        }
        float[] exp = new float[x.length];
        VectorMath.exp(x, 0, exp, 0, x.length);
        float[] positive = positives();
        float[] log = new float[positive.length];
        VectorMath.log(positive, 0, log, 0, positive.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(scalarExp(x[i])), Float.floatToRawIntBits(exp[i]), "exp(" + x[i] + ")");
        }
        for (int i = 0; i < positive.length; i++) {
            assertEquals(Float.floatToRawIntBits(scalarLog(positive[i])), Float.floatToRawIntBits(log[i]),
                    "log(" + positive[i] + ")");
        }
    }

    @Test
    void inPlaceGivesTheSameResult() {
        float[] x = sweep(-20f, 20f);
        float[] out = new float[x.length];
        VectorMath.exp(x, 0, out, 0, x.length);
        float[] inPlace = x.clone();
        VectorMath.exp(inPlace, 0, inPlace, 0, inPlace.length);
        assertEquals(java.util.Arrays.toString(out), java.util.Arrays.toString(inPlace));
    }

    /** VectorMath.exp with scalar floats, operation for operation. */
    private static float scalarExp(float x) {
        float v = Math.min(Math.max(x, -104f), 89f);
        float t = v * 1.44269504088896341f + 0x1.8p23f;
        float n = t - 0x1.8p23f;
        float r = v - n * 0.693359375f - n * -2.12194440e-4f;
        float p = r * 1.9875691500e-4f + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        float y = p * (r * r) + r + 1f;
        int ni = Float.floatToRawIntBits(t) - 0x4B400000;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return y * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** VectorMath.log with scalar floats, for positive finite x. */
    private static float scalarLog(float x) {
        boolean subnormal = x < 0x1p-126f;
        int bits = Float.floatToRawIntBits(subnormal ? x * 0x1p23f : x);
        float m = Float.intBitsToFloat(bits & 0x007FFFFF | 0x3F000000);
        float e = Float.intBitsToFloat(bits >>> 23 | 0x4B000000) - (0x1p23f + 126f);
        if (subnormal) {
            e -= 23f;
        }
        boolean low = m < 0.707106781186547524f;
        if (low) {
            e -= 1f;
        }
        float f = (low ? m + m : m) - 1f;
        float z = f * f;
        float p = f * 7.0376836292e-2f + -1.1514610310e-1f;
        p = p * f + 1.1676998740e-1f;
        p = p * f + -1.2420140846e-1f;
        p = p * f + 1.4249322787e-1f;
        p = p * f + -1.6668057665e-1f;
        p = p * f + 2.0000714765e-1f;
        p = p * f + -2.4999993993e-1f;
        p = p * f + 3.3333331174e-1f;
        float y = p * f * z;
        y = y + e * -2.12194440e-4f - z * 0.5f;
        return f + y + e * 0.693359375f;
    }

    /** Evenly spaced floats from low to high, a multiple of the vector length of them. */
    private static float[] sweep(float low, float high) {
        float[] x = new float[200_000 / LANES * LANES];
        for (int i = 0; i < x.length; i++) {
            x[i] = low + (high - low) * i / x.length;
        }
        return x;
    }

    /** Positive floats spread over every binade, subnormals included: their bit patterns evenly spaced. */
    private static float[] positives() {
        float[] x = new float[200_000 / LANES * LANES];
        int top = Float.floatToRawIntBits(Float.MAX_VALUE);
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(1 + (int) ((long) (top - 1) * i / x.length));
        }
        return x;
    }

    private static void assertWithinUlps(float[] x, float[] actual, DoubleUnaryOperator exact, int ulps, String name) {
        for (int i = 0; i < x.length; i++) {
            assertNear((float) exact.applyAsDouble(x[i]), actual[i], ulps, name + "(" + x[i] + ")");
        }
    }

    private static void assertNear(float expected, float actual, int ulps, String what) {
        if (Float.isNaN(expected) || Float.isInfinite(expected) || expected == 0f) {
            assertEquals(expected, actual, what);
            return;
        }
        assertTrue(Math.abs(expected - actual) <= ulps * Math.ulp(expected),
                what + ": expected " + expected + " but was " + actual + " (" + (expected - actual) / Math.ulp(expected)
                        + " ulp)");
    }
}
