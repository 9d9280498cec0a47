package io.jgrad.autograd.nn;

import io.jgrad.core.DefaultBackend;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;

/**
 * y = x W^T + b, with PyTorch's layout: {@code weight [out, in]}, {@code bias [out]}.
 * Initialised as PyTorch does: weight and bias uniform in +-1/sqrt(in).
 */
public final class Linear extends Layer {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out, Rng rng) {
        this(in, out, rng, DefaultBackend.get());
    }

    public Linear(int in, int out, Rng rng, Backend backend) {
        float bound = (float) (1.0 / Math.sqrt(in));
        weight = parameter("weight", Tensor.of(backend, rng.uniform(out * in, -bound, bound), out, in));
        bias = parameter("bias", Tensor.of(backend, rng.uniform(out, -bound, bound), out));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** x [batch, in] -> [batch, out]. */
    @Override
    public Variable forward(Variable x) {
        return Functional.linear(x, weight, bias);
    }
}
