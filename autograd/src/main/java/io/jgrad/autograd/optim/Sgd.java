package io.jgrad.autograd.optim;

import io.jgrad.autograd.nn.Parameter;
import io.jgrad.core.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent, as PyTorch's {@code torch.optim.SGD}: with momentum mu,
 * v = mu v + g (v starts at zero, so the first step's v is g), then p = p - lr v; without momentum, p = p - lr g.
 */
public final class Sgd extends Optimizer {
    private final float lr;
    private final float momentum;
    private final Map<Parameter, Tensor> velocity = new LinkedHashMap<>();

    public Sgd(List<Parameter> parameters, float lr, float momentum) {
        super(parameters);
        this.lr = lr;
        this.momentum = momentum;
        if (momentum != 0f) {
            for (Parameter p : this.parameters) {
                velocity.put(p, p.value().zerosLike(p.shape()));
            }
        }
    }

    public Sgd(List<Parameter> parameters, float lr) {
        this(parameters, lr, 0f);
    }

    @Override
    public void step() {
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            Tensor direction = g;
            if (momentum != 0f) {
                direction = velocity.get(p).mulInPlace(momentum).addInPlace(g);
            }
            p.value().subInPlace(direction.mul(lr));
        }
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        velocity.forEach((p, v) -> state.put("velocity." + p.name(), v.copy()));
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Set<String> known = new HashSet<>();
        if (momentum != 0f) {
            parameters.forEach(p -> known.add("velocity." + p.name()));
        }
        rejectUnknown(state, known, momentum != 0f ? "SGD with momentum" : "SGD without momentum");
        Map<Parameter, Tensor> loaded = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (momentum != 0f) {
                loaded.put(p, state.containsKey("velocity." + p.name())
                        ? required(state, "velocity." + p.name(), p.value()).copy() : p.value().zerosLike(p.shape()));
            }
        }
        // Only now, with every tensor checked, replace the state: a rejected checkpoint changes nothing.
        velocity.clear();
        velocity.putAll(loaded);
    }
}
