package io.jgrad.autograd.nn;

import io.jgrad.autograd.Variable;
import java.util.List;

/** Layers applied in order; layer {@code i} is named {@code "i"}, as in PyTorch's {@code nn.Sequential}. */
public final class Sequential extends Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            child(Integer.toString(i), layers[i]);
        }
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    @Override
    public Variable forward(Variable x) {
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }
}
