package io.jgrad.core;

/**
 * The reductions a backend computes along axes: a starting value and a way to fold one more element in.
 * Mean is a sum times 1/n, computed above the backend.
 */
public enum ReduceOp {
    SUM(0f) { public float combine(float acc, float x) { return acc + x; } },
    MAX(Float.NEGATIVE_INFINITY) {
        public float combine(float acc, float x) { return Math.max(acc, x); }
    };

    private final float identity;

    ReduceOp(float identity) {
        this.identity = identity;
    }

    /** The value of the reduction over no elements. */
    public float identity() {
        return identity;
    }

    /** Folds one more element into the running value. */
    public abstract float combine(float acc, float x);
}
