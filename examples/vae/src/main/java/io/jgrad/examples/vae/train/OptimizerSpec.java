package io.jgrad.examples.vae.train;

import io.jgrad.autograd.nn.Parameter;
import io.jgrad.autograd.optim.Adam;
import io.jgrad.autograd.optim.Optimizer;
import io.jgrad.autograd.optim.Sgd;
import java.util.List;

/**
 * The optimiser of a run, with PyTorch's defaults: Adam (the lecture's, betas 0.9 and 0.999) or SGD, plain unless a
 * momentum is given ({@code torch.optim.SGD} has momentum 0).
 */
public record OptimizerSpec(Kind kind, float lr, float momentum) {

    public enum Kind { ADAM, SGD }

    public OptimizerSpec {
        if (kind == Kind.ADAM && momentum != 0f) {
            throw new IllegalArgumentException("a momentum of " + momentum + " is for SGD; Adam keeps its own moments");
        }
    }

    /** An optimiser over {@code parameters}. */
    public Optimizer create(List<Parameter> parameters) {
        return switch (kind) {
            case ADAM -> new Adam(parameters, lr);
            case SGD -> new Sgd(parameters, lr, momentum);
        };
    }
}
