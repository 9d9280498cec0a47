package io.jgrad.autograd.nn;

import io.jgrad.autograd.Variable;

/** y = max(x, 0), elementwise; no parameters. */
public final class ReLU extends Layer {
    @Override
    public Variable forward(Variable x) {
        return x.relu();
    }
}
