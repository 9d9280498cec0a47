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
    GE { public float apply(float a, float b) { return a >= b ? 1f : 0f; } };

    /** The function on one pair of elements. */
    public abstract float apply(float a, float b);
}
