package io.jgrad.autograd.nn;

import io.jgrad.autograd.Variable;

/** A module with one input and one output, the kind {@link Sequential} chains. */
public abstract class Layer extends Module {
    public abstract Variable forward(Variable x);
}
