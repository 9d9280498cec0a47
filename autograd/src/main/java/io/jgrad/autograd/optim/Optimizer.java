package io.jgrad.autograd.optim;

import io.jgrad.autograd.nn.Parameter;
import io.jgrad.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Updates parameters from their gradients. {@link #step()} changes each parameter's value in place, so the model
 * that holds the parameters sees the new values at once.
 *
 * <p>Invariant: the parameter list is fixed at construction; a parameter with no gradient yet is skipped.
 */
public abstract class Optimizer {
    protected final List<Parameter> parameters;

    protected Optimizer(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** Applies one update to every parameter that has a gradient. */
    public abstract void step();

    /** The optimiser's state (moments, step count) by name, for checkpoints; tensors are copies. */
    public abstract Map<String, Tensor> stateDict();

    /** Restores what {@link #stateDict()} saved; names and shapes are all checked before anything is replaced. */
    public abstract void loadStateDict(Map<String, Tensor> state);

    /** Zeroes every parameter's gradient, keeping the buffers. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * Rejects a state with names this optimiser does not keep (another optimiser's state, or another model's), so that
     * a wrong checkpoint is an error instead of a silent fresh start.
     */
    static void rejectUnknown(Map<String, Tensor> state, Set<String> known, String optimizer) {
        Set<String> unknown = new TreeSet<>(state.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("optimizer state: " + optimizer + " keeps no tensor named "
                    + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + " (it keeps " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    static Tensor required(Map<String, Tensor> state, String name, Tensor like) {
        Tensor t = state.get(name);
        if (t == null) {
            throw new IllegalArgumentException("optimizer state: missing tensor '" + name + "'");
        }
        if (!t.shape().equals(like.shape())) {
            throw new IllegalArgumentException("optimizer state: tensor '" + name + "' has shape " + t.shape()
                    + " but its parameter has shape " + like.shape());
        }
        return t.to(like.backend());
    }
}
