package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Rng;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath}: within 2 ulp of {@code Math.exp} and {@code Math.log} over the whole float range, and bit for
 * bit equal to the same formula written with scalar floats ({@code VectorMath.exp(float)} and {@code log(float)},
 * which also take the logarithm's rare lanes). The second is what makes training repeatable: scalar
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
            assertEquals(Float.floatToRawIntBits(VectorMath.exp(x[i])), Float.floatToRawIntBits(exp[i]), "exp(" + x[i] + ")");
        }
        for (int i = 0; i < positive.length; i++) {
            assertEquals(Float.floatToRawIntBits(VectorMath.log(positive[i])), Float.floatToRawIntBits(log[i]),
                    "log(" + positive[i] + ")");
        }
    }

    @Test
    void aRareLaneLeavesTheOtherLanesAsTheyWere() {
        float[] rare = {Float.NaN, Float.MIN_VALUE, -2f, Float.POSITIVE_INFINITY, 0x1p-130f, -0f};
        float[] normal = new float[LANES];
        for (int j = 0; j < LANES; j++) {
            normal[j] = 0.1f + 0.37f * j;
        }
        float[] expected = new float[LANES];
        VectorMath.log(normal, 0, expected, 0, LANES);
        for (float r : rare) {
            for (int lane = 0; lane < LANES; lane++) {
                float[] x = normal.clone();
                x[lane] = r;
                float[] o = new float[LANES];
                VectorMath.log(x, 0, o, 0, LANES);
                for (int j = 0; j < LANES; j++) {
                    if (j == lane) {
                        assertNear((float) Math.log(r), o[j], 2, "log(" + r + ")");
                    } else {
                        assertEquals(Float.floatToRawIntBits(expected[j]), Float.floatToRawIntBits(o[j]),
                                "lane " + j + " of a vector with " + r + " in lane " + lane);
                    }
                }
            }
        }
    }

    @Test
    void scalarFormsFollowMathAtSpecialValues() {
        assertEquals(Float.NEGATIVE_INFINITY, VectorMath.log(0f));
        assertEquals(Float.NEGATIVE_INFINITY, VectorMath.log(-0f));
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.log(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(VectorMath.log(-1f)));
        assertTrue(Float.isNaN(VectorMath.log(Float.NaN)));
        assertTrue(Float.isNaN(VectorMath.exp(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(100f));
        assertEquals(0f, VectorMath.exp(-110f));
        assertEquals(Float.MIN_VALUE, VectorMath.exp(-103.5f));
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
