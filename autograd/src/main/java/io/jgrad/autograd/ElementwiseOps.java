package io.jgrad.autograd;

import io.jgrad.core.Fused;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;

/**
 * Elementwise ops, each with its gradient rule beside its forward computation: a table of derivatives.
 * {@code g} is dLoss/dOutput; each rule returns dLoss/dInput = g * dOutput/dInput, written as its javadoc reads
 * (the temporaries go back to the buffer pool at the end of a training step). Where a rule uses a {@link Fused}
 * kernel, the kernel's name says which formula it computes.
 *
 * <p>Binary ops on different shapes first {@link ShapeOps#expand expand} both inputs to the broadcast shape, so
 * the rules here only ever see equal shapes; expand's own rule sums the gradient back down.
 */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    /** z = a + b.   dz/da = 1, dz/db = 1. */
    public static Variable add(Variable a, Variable b) {
        Variable[] ab = broadcast("add", a, b);
        return Tape.record("add", ab[0].value().add(ab[1].value()), ab[0], g -> g, ab[1], g -> g);
    }

    /** z = a - b.   dz/da = 1, dz/db = -1. */
    public static Variable sub(Variable a, Variable b) {
        Variable[] ab = broadcast("sub", a, b);
        return Tape.record("sub", ab[0].value().sub(ab[1].value()), ab[0], g -> g, ab[1], Tensor::neg);
    }

    /** z = a * b.   dz/da = b, dz/db = a. */
    public static Variable mul(Variable a, Variable b) {
        Variable[] ab = broadcast("mul", a, b);
        Tensor av = ab[0].value();
        Tensor bv = ab[1].value();
        return Tape.record("mul", av.mul(bv), ab[0], g -> g.mul(bv), ab[1], g -> g.mul(av));
    }

    /** z = a / b.   dz/da = 1 / b, dz/db = -a / b^2 = -z / b. */
    public static Variable div(Variable a, Variable b) {
        Variable[] ab = broadcast("div", a, b);
        Tensor bv = ab[1].value();
        Tensor z = ab[0].value().div(bv);
        return Tape.record("div", z, ab[0], g -> g.div(bv), ab[1], g -> g.mul(z.div(bv).neg()));
    }

    /** z = x + c.   dz/dx = 1. */
    public static Variable add(Variable x, float c) {
        return Tape.record("add " + c, x.value().add(c), x, g -> g);
    }

    /** z = c x.   dz/dx = c. */
    public static Variable mul(Variable x, float c) {
        return Tape.record("mul " + c, x.value().mul(c), x, g -> g.mul(c));
    }

    /** z = x^c.   dz/dx = c x^(c-1). */
    public static Variable pow(Variable x, float c) {
        Tensor xv = x.value();
        return Tape.record("pow " + c, xv.pow(c), x, g -> g.mul(xv.pow(c - 1).mul(c)));
    }

    /** z = -x.   dz/dx = -1. */
    public static Variable neg(Variable x) {
        return Tape.record("neg", x.value().neg(), x, Tensor::neg);
    }

    /** y = e^x.   dy/dx = e^x = y. */
    public static Variable exp(Variable x) {
        Tensor y = x.value().exp();
        return Tape.record("exp", y, x, g -> g.mul(y));
    }

    /** y = ln x.   dy/dx = 1 / x. */
    public static Variable log(Variable x) {
        Tensor xv = x.value();
        return Tape.record("log", xv.log(), x, g -> g.div(xv));
    }

    /** y = sqrt(x).   dy/dx = 1 / (2 sqrt(x)) = 0.5 / y. */
    public static Variable sqrt(Variable x) {
        Tensor y = x.value().sqrt();
        return Tape.record("sqrt", y, x, g -> g.mul(0.5f).div(y));
    }

    /** y = x^2.   dy/dx = 2x. */
    public static Variable square(Variable x) {
        Tensor xv = x.value();
        return Tape.record("square", xv.square(), x, g -> g.mul(xv.mul(2f)));
    }

    /** y = |x|.   dy/dx = sign(x) (0 at 0, as PyTorch). */
    public static Variable abs(Variable x) {
        Tensor xv = x.value();
        return Tape.record("abs", xv.abs(), x, g -> g.mul(xv.sign()));
    }

    /** y = max(x, 0).   dy/dx = 1 where x > 0, else 0. */
    public static Variable relu(Variable x) {
        Tensor y = x.value().relu();
        return Tape.record("relu", y, x, g -> Fused.reluBackward(y, g));
    }

    /** y = 1 / (1 + e^-x).   dy/dx = y (1 - y). */
    public static Variable sigmoid(Variable x) {
        Tensor y = x.value().sigmoid();
        return Tape.record("sigmoid", y, x, g -> Fused.sigmoidBackward(y, g));
    }

    /** y = tanh x.   dy/dx = 1 - y^2. */
    public static Variable tanh(Variable x) {
        Tensor y = x.value().tanh();
        return Tape.record("tanh", y, x, g -> g.mul(y.square().neg().add(1f)));
    }

    /** y = min(max(x, low), high).   dy/dx = 1 where low <= x <= high, else 0 (the bounds pass, as PyTorch). */
    public static Variable clamp(Variable x, float low, float high) {
        Tensor xv = x.value();
        return Tape.record("clamp", xv.clamp(low, high), x, g -> g.mul(xv.ge(low).mul(xv.le(high))));
    }

    /** Expands both inputs to their broadcast shape; an input already of that shape is returned as it is. */
    static Variable[] broadcast(String op, Variable a, Variable b) {
        Shape s = Shape.broadcast(a.shape(), b.shape(), op);
        return new Variable[] {ShapeOps.expand(a, s), ShapeOps.expand(b, s)};
    }
}
