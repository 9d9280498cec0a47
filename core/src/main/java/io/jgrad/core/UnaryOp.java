package io.jgrad.core;

/**
 * The elementwise functions of one argument, each defined by its scalar formula.
 * Backends may compute them faster, but must agree with {@link #apply}.
 */
public enum UnaryOp {
    NEG { public float apply(float x) { return -x; } },
    EXP { public float apply(float x) { return (float) Math.exp(x); } },
    LOG { public float apply(float x) { return (float) Math.log(x); } },
    SQRT { public float apply(float x) { return (float) Math.sqrt(x); } },
    SQUARE { public float apply(float x) { return x * x; } },
    ABS { public float apply(float x) { return Math.abs(x); } },
    SIGN { public float apply(float x) { return Math.signum(x); } },
    /** max(x, 0); NaN stays NaN, as in PyTorch, so a broken model cannot hide behind a ReLU. */
    RELU { public float apply(float x) { return Math.max(x, 0f); } },
    /**
     * 1 / (1 + e^-x), computed so that neither branch overflows: for x < 0 it is e^x / (1 + e^x).
     */
    SIGMOID {
        public float apply(float x) {
            if (x >= 0) {
                return (float) (1.0 / (1.0 + Math.exp(-x)));
            }
            double e = Math.exp(x);
            return (float) (e / (1.0 + e));
        }
    },
    TANH { public float apply(float x) { return (float) Math.tanh(x); } },
    RECIPROCAL { public float apply(float x) { return 1f / x; } };

    /** The function on one element. */
    public abstract float apply(float x);
}
