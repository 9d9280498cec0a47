package io.jgrad.autograd.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.core.Tensor;

/**
 * A learnable tensor: a leaf that always collects gradients, named like PyTorch's state_dict entries
 * (e.g. {@code encoder.0.weight}) once its module is registered in a model.
 *
 * <p>Invariant: the value tensor, and the gradient buffer made with it, are the same objects for the parameter's
 * whole life; optimisers and {@link Module#loadStateDict} write into the value in place.
 */
public final class Parameter extends Variable {
    private String name;

    public Parameter(String name, Tensor value) {
        super(value, true, true);
        this.name = name;
        reserveGrad();
    }

    /** The parameter's full name in its model's state dict. */
    @Override
    public String name() {
        return name;
    }

    void rename(String fullName) {
        this.name = fullName;
    }
}
