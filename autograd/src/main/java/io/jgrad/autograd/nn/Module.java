package io.jgrad.autograd.nn;

import io.jgrad.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a model that owns parameters and sub-modules, both listed explicitly and named as PyTorch names
 * them, so that {@link #stateDict()} has PyTorch's keys ({@code encoder.0.weight}, ...).
 *
 * <p>Invariant: names are fixed at construction; {@link #namedParameters()} lists every parameter once, in
 * registration order, with its dotted path.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** Registers a parameter under {@code name} and returns it. */
    protected Parameter parameter(String name, Tensor value) {
        Parameter p = new Parameter(name, value);
        parameters.put(name, p);
        return p;
    }

    /** Registers a sub-module under {@code name} and returns it. */
    protected <M extends Module> M child(String name, M module) {
        children.put(name, module);
        ((Module) module).prefix(name + ".");
        return module;
    }

    private void prefix(String prefix) {
        for (Parameter p : parameters.values()) {
            p.rename(prefix + p.name());
        }
        for (Module child : children.values()) {
            child.prefix(prefix);
        }
    }

    /** Every parameter of this module and its sub-modules, by full dotted name, in order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        collect(all);
        return all;
    }

    private void collect(Map<String, Parameter> all) {
        for (Parameter p : parameters.values()) {
            all.put(p.name(), p);
        }
        for (Module child : children.values()) {
            child.collect(all);
        }
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameter values by name, like PyTorch's {@code state_dict()} (the tensors themselves, not copies). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        namedParameters().forEach((name, p) -> state.put(name, p.value()));
        return state;
    }

    /**
     * Copies {@code state} into the parameters. Every name must be present with the right shape and no extra names
     * may appear; everything is checked before anything is written, so a bad state dict changes nothing.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Parameter> named = namedParameters();
        for (var entry : named.entrySet()) {
            Tensor t = state.get(entry.getKey());
            if (t == null) {
                throw new IllegalArgumentException("loadStateDict: missing tensor '" + entry.getKey() + "' of shape "
                        + entry.getValue().shape());
            }
            if (!t.shape().equals(entry.getValue().shape())) {
                throw new IllegalArgumentException("loadStateDict: tensor '" + entry.getKey() + "' has shape " + t.shape()
                        + " but the model expects " + entry.getValue().shape());
            }
        }
        for (String name : state.keySet()) {
            if (!named.containsKey(name)) {
                throw new IllegalArgumentException("loadStateDict: unexpected tensor '" + name + "'; the model has "
                        + named.keySet());
            }
        }
        named.forEach((name, p) -> p.value().copyInPlace(state.get(name).to(p.value().backend())));
    }

    /** Zeroes the gradients of every parameter. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }
}
