package io.jgrad.autograd.nn;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Fused;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;

/**
 * The composed ops a model is built from: a linear layer, the losses of the lecture, and the reparameterisation
 * trick. Most are written with the primitive ops, so their gradients come from theirs; linear and binary
 * cross-entropy are ops of their own, linear to save work on every step, and binary cross-entropy to use PyTorch's
 * own gradient rule, so the numbers match PyTorch at the edges too.
 */
public final class Functional {
    private Functional() {
    }

    /**
     * y = x W^T + b, with {@code x [batch, in]}, {@code W [out, in]} (PyTorch's layout) and {@code b [out]} broadcast
     * over the batch.   dL/dx = G W,   dL/dW = G^T x,   dL/db = sum over the batch of G.
     *
     * <p>It could be composed as {@code x.matmul(W.transpose(0, 1)).add(b)}; as one op the bias is added while the
     * product is written ({@link Tensor#addmm}, as PyTorch's linear does), and dL/dW is written straight into W's
     * gradient buffer ({@link Tape#into}): each saves a pass over the layer's output or weight on every step.
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        Tensor xv = x.value();
        Tensor w = weight.value();
        if (xv.rank() != 2 || w.rank() != 2 || xv.size(1) != w.size(1) || !bias.shape().equals(Shape.of(w.size(0)))) {
            throw new IllegalArgumentException("linear: input " + xv.shape() + ", weight " + w.shape() + " and bias "
                    + bias.shape() + " do not fit: expected [batch, in], [out, in] and [out]");
        }
        Tensor y = bias.value().addmm(xv, w.t());                                 // [batch, out]: b + x W^T
        return Tape.record("linear", y, new Variable[] {x, weight, bias}, new Tape.Backward[] {
            g -> g.matmul(w),                                                       // [batch, in]
            Tape.into(weight, (g, out) -> g.t().matmulInto(xv, out, false)),       // [out, in]
            g -> g.sum(false, 0)});                                                 // [out]
    }

    /**
     * Binary cross-entropy: l_i = -(t_i ln p_i + (1 - t_i) ln(1 - p_i)), summed or averaged.
     * dl_i/dp_i = (p_i - t_i) / (p_i (1 - p_i)).
     *
     * <p>NOTE: as in PyTorch, each logarithm is clamped at -100 so that p = 0 or p = 1 gives a finite loss, and the
     * gradient's denominator is floored at 1e-12 so that it stays finite as well (huge, but finite).
     */
    public static Variable binaryCrossEntropy(Variable p, Tensor target, Reduction reduction) {
        Tensor pv = p.value();
        if (!pv.shape().equals(target.shape())) {
            throw new IllegalArgumentException("binaryCrossEntropy: prediction " + pv.shape() + " and target "
                    + target.shape() + " differ in shape");
        }
        float scale = reduction == Reduction.MEAN ? 1f / pv.numel() : 1f;
        Tensor loss = reduction == Reduction.NONE ? Fused.binaryCrossEntropy(pv, target)
                : Fused.binaryCrossEntropySum(pv, target).mul(scale);
        // The target is an input too, a constant, so that the tape notices if it is changed before backward.
        return Tape.record("binaryCrossEntropy", loss, p,          // g: a scalar, or one per term for NONE
                g -> Fused.binaryCrossEntropyBackward(pv, target).mulInPlace(g.mul(scale)), Variable.constant(target), null);
    }

    /** Mean squared error (or its sum, or the squares themselves): l = reduce((x_hat - x)^2). */
    public static Variable mse(Variable prediction, Tensor target, Reduction reduction) {
        Variable squares = prediction.sub(Variable.constant(target)).square();
        return switch (reduction) {
            case SUM -> squares.sum();
            case MEAN -> squares.mean();
            case NONE -> squares;
        };
    }

    /** The lecture's reconstruction energy for real-valued pixels: 1/2 ||x - x_hat||^2. */
    public static Variable halfSquaredError(Variable prediction, Tensor target) {
        return mse(prediction, target, Reduction.SUM).mul(0.5f);
    }

    /**
     * KL divergence from N(mu, sigma^2) to N(0, 1), summed over the batch and latent axes:
     * 1/2 sum(exp(logvar) - logvar - 1 + mu^2), with logvar = ln sigma^2.
     */
    public static Variable gaussianKl(Variable mu, Variable logvar) {
        return logvar.exp().sub(logvar).add(-1f).add(mu.square()).sum().mul(0.5f);
    }

    /**
     * The reparameterisation trick: z = mu + eps * exp(logvar / 2) with eps ~ N(0, I) a constant, so the sample is
     * a differentiable function of mu and logvar and gradients reach both.
     */
    public static Variable reparameterize(Variable mu, Variable logvar, Tensor eps) {
        return mu.add(Variable.constant(eps).mul(logvar.mul(0.5f).exp()));
    }

    /** {@link #reparameterize(Variable, Variable, Tensor)} with eps drawn from {@code rng}. */
    public static Variable reparameterize(Variable mu, Variable logvar, Rng rng) {
        Tensor eps = Tensor.normal(mu.value().backend(), rng, 0f, 1f, mu.shape().sizes());
        return reparameterize(mu, logvar, eps);
    }
}
