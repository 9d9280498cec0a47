package io.jgrad.autograd.nn;

import io.jgrad.autograd.Variable;

/** y = 1 / (1 + e^-x), elementwise; no parameters. */
public final class Sigmoid extends Layer {
    @Override
    public Variable forward(Variable x) {
        return x.sigmoid();
    }
}
