package io.jgrad.autograd.optim;

import io.jgrad.autograd.nn.Parameter;
import io.jgrad.core.Fused;
import io.jgrad.core.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam (Kingma and Ba), exactly as PyTorch's {@code torch.optim.Adam} computes it, at step t:
 * <pre>
 *   m = beta1 m + (1 - beta1) g                      first moment
 *   v = beta2 v + (1 - beta2) g^2                    second moment
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Defaults: beta1 0.9, beta2 0.999, eps 1e-8. The moments are made with the optimiser (zeros), and each update is
 * the fused kernel {@link Fused#adamStep}: one pass over the parameter, its gradient and its moments.
 */
public final class Adam extends Optimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final Map<Parameter, Tensor[]> moments = new LinkedHashMap<>();
    private int t;

    public Adam(List<Parameter> parameters, float lr, float beta1, float beta2, float eps) {
        super(parameters);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Parameter p : this.parameters) {
            moments.put(p, zeroMoments(p));
        }
    }

    private static Tensor[] zeroMoments(Parameter p) {
        return new Tensor[] {p.value().zerosLike(p.shape()), p.value().zerosLike(p.shape())};
    }

    public Adam(List<Parameter> parameters, float lr) {
        this(parameters, lr, 0.9f, 0.999f, 1e-8f);
    }

    /** The number of steps taken. */
    public int steps() {
        return t;
    }

    @Override
    public void step() {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, t));
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            Tensor[] mv = moments.get(p);
            Fused.adamStep(p.value(), g, mv[0], mv[1], beta1, beta2, eps, (float) (lr / correction1), (float) correction2);
        }
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("step", Tensor.scalar(t));
        moments.forEach((p, mv) -> {
            state.put("exp_avg." + p.name(), mv[0].copy());
            state.put("exp_avg_sq." + p.name(), mv[1].copy());
        });
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Set<String> known = new HashSet<>(List.of("step"));
        for (Parameter p : parameters) {
            known.add("exp_avg." + p.name());
            known.add("exp_avg_sq." + p.name());
        }
        rejectUnknown(state, known, "Adam");
        Tensor step = state.get("step");
        if (step == null || step.numel() != 1) {
            throw new IllegalArgumentException("Adam state: missing scalar 'step'");
        }
        Map<Parameter, Tensor[]> loaded = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            loaded.put(p, state.containsKey("exp_avg." + p.name())
                    ? new Tensor[] {
                        required(state, "exp_avg." + p.name(), p.value()).copy(),
                        required(state, "exp_avg_sq." + p.name(), p.value()).copy()}
                    : zeroMoments(p));
        }
        // Only now, with every tensor checked, replace the state: a rejected checkpoint changes nothing.
        moments.clear();
        moments.putAll(loaded);
        t = (int) step.item();
    }
}
