package io.jgrad.core;

/**
 * The elementwise functions of two arguments. Comparisons give 1 where true and 0 where false, a mask that
 * multiplies cleanly. Backends may compute them faster, but must agree with {@link #apply}.
 */
public enum BinaryOp {
    ADD { public float apply(float a, float b) { return a + b; } },
    SUB { public float apply(float a, float b) { return a - b; } },
    MUL { public float apply(float a, float b) { return a * b; } },
    DIV { public float apply(float a, float b) { return a / b; } },
    POW { public float apply(float a, float b) { return (float) Math.pow(a, b); } },
    MAXIMUM { public float apply(float a, float b) { return Math.max(a, b); } },
    MINIMUM { public float apply(float a, float b) { return Math.min(a, b); } },
    EQ { public float apply(float a, float b) { return a == b ? 1f : 0f; } },
    NE { public float apply(float a, float b) { return a != b ? 1f : 0f; } },
    LT { public float apply(float a, float b) { return a < b ? 1f : 0f; } },
    LE { public float apply(float a, float b) { return a <= b ? 1f : 0f; } },
    GT { public float apply(float a, float b) { return a > b ? 1f : 0f; } },
    GE { public float apply(float a, float b) { return a >= b ? 1f : 0f; } },

    // Fused functions that gradient rules and losses use, so that each is one pass over memory, not several.

    /** The gradient through a sigmoid's output: a = y, b = g, result g y (1 - y). */
    SIGMOID_BACKWARD { public float apply(float y, float g) { return g * y * (1f - y); } },
    /** The gradient through a ReLU's output: a = y, b = g, result g where y > 0, else 0. */
    RELU_BACKWARD { public float apply(float y, float g) { return y > 0f ? g : 0f; } },
    /**
     * Binary cross-entropy of a probability a = p against a target b = t: -(t ln p + (1 - t) ln(1 - p)).
     * NOTE: each logarithm is clamped at -100, as in PyTorch, so p = 0 or 1 gives a finite loss.
     */
    BINARY_CROSS_ENTROPY {
        public float apply(float p, float t) {
            float logP = Math.max((float) Math.log(p), -100f);
            float logOneMinusP = Math.max((float) Math.log(1f - p), -100f);
            return -(t * logP + (1f - t) * logOneMinusP);
        }
    },
    /**
     * d/dp of {@link #BINARY_CROSS_ENTROPY}: (p - t) / (p (1 - p)). NOTE: the denominator is floored at 1e-12, as in
     * PyTorch, so the gradient stays finite (huge) at p = 0 or 1.
     */
    BINARY_CROSS_ENTROPY_BACKWARD {
        public float apply(float p, float t) {
            return (p - t) / Math.max(p * (1f - p), 1e-12f);
        }
    };

    /** The function on one pair of elements. */
    public abstract float apply(float a, float b);
}
