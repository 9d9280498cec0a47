package io.jgrad.autograd;

import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;

/**
 * A tensor on the tape: its value, whether gradients should flow to it, and its gradient once
 * {@link Tape#backward} has run.
 *
 * <p>Invariants: a <em>leaf</em> (made by the user, such as a parameter) keeps accumulating gradients into
 * {@link #grad()} until {@link #zeroGrad()}, which empties it but keeps its buffer for the next backward pass; a
 * variable an op produced holds its gradient only while backward passes through it. The value is never changed by the tape. The methods below are one-line delegations to the
 * op families ({@link ElementwiseOps}, {@link ShapeOps}, {@link ReductionOps}, {@link MatrixOps}), so that model
 * code reads like the math.
 */
public class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private final boolean leaf;
    private final Tape tape;      // the tape that recorded the op producing this variable; null for a leaf
    private Tensor grad;          // the gradient buffer; a leaf keeps it from one backward pass to the next
    private boolean hasGrad;      // whether it holds a gradient now (false after zeroGrad)

    protected Variable(Tensor value, boolean requiresGrad, boolean leaf) {
        this(value, requiresGrad, leaf, null);
    }

    private Variable(Tensor value, boolean requiresGrad, boolean leaf, Tape tape) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.leaf = leaf;
        this.tape = tape;
    }

    /** A constant: no gradient flows to it (inputs, targets, noise). */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, true);
    }

    /** A leaf that collects gradients, such as a weight or an input under test. */
    public static Variable leaf(Tensor value) {
        return new Variable(value, true, true);
    }

    /** An op's output, recorded on {@code tape}; only {@link Tape} makes these. */
    static Variable result(Tensor value, boolean requiresGrad, Tape tape) {
        return new Variable(value, requiresGrad, false, tape);
    }

    /** The tape that recorded this variable's op, or null for a leaf or a constant. */
    Tape tape() {
        return tape;
    }

    public Tensor value() {
        return value;
    }

    /** The name a parameter has in its model's state dict ({@code encoder.0.weight}); null for other variables. */
    public String name() {
        return null;
    }

    public Shape shape() {
        return value.shape();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public boolean isLeaf() {
        return leaf;
    }

    /** The gradient summed over the backward passes since the last {@link #zeroGrad()}, or null if none reached it. */
    public Tensor grad() {
        return hasGrad ? grad : null;
    }

    /**
     * Forgets the accumulated gradient: {@link #grad()} is null until the next backward pass, which writes its
     * gradient into the kept buffer instead of adding to zeros (PyTorch's {@code zero_grad(set_to_none=True)}).
     */
    public void zeroGrad() {
        hasGrad = false;
    }

    /**
     * Allocates the gradient buffer now (it still reads as no gradient), so that it is not made inside a backend's
     * reuse scope, whose buffers are recycled: parameters call this once, when they are made.
     */
    protected void reserveGrad() {
        if (grad == null) {
            grad = value.zerosLike(value.shape());
        }
    }

    /** The same value, cut off from the tape: no gradient flows back through the result. */
    public Variable detach() {
        return constant(value);
    }

    /**
     * Adds {@code g} to this variable's gradient. A leaf owns its gradient buffer (the first gradient is copied into
     * it, since another input may share the same tensor); an intermediate just holds on to what it is given.
     */
    void accumulate(Tensor g) {
        if (hasGrad) {
            grad = leaf ? grad.addInPlace(g) : grad.add(g);
        } else if (leaf) {
            grad = grad == null ? g.copy() : grad.copyInPlace(g);
        } else {
            grad = g;
        }
        hasGrad = true;
    }

    /**
     * Writes this backward pass's first gradient straight into the buffer a leaf keeps (see {@link Tape#into});
     * returns false, having done nothing, when this is not a leaf with a buffer and no gradient yet.
     */
    boolean writeFirstGrad(Tape.BackwardInto rule, Tensor g) {
        if (!leaf || grad == null || hasGrad) {
            return false;
        }
        rule.write(g, grad);
        hasGrad = true;
        return true;
    }

    /** Drops an intermediate gradient once backward has passed this variable. */
    void releaseGrad() {
        if (!leaf) {
            grad = null;
            hasGrad = false;
        }
    }

    // ---- the ops, as methods ---------------------------------------------------------------------------------

    public Variable add(Variable other) { return ElementwiseOps.add(this, other); }
    public Variable sub(Variable other) { return ElementwiseOps.sub(this, other); }
    public Variable mul(Variable other) { return ElementwiseOps.mul(this, other); }
    public Variable div(Variable other) { return ElementwiseOps.div(this, other); }
    public Variable add(float c) { return ElementwiseOps.add(this, c); }
    public Variable mul(float c) { return ElementwiseOps.mul(this, c); }
    public Variable pow(float c) { return ElementwiseOps.pow(this, c); }
    public Variable neg() { return ElementwiseOps.neg(this); }
    public Variable exp() { return ElementwiseOps.exp(this); }
    public Variable log() { return ElementwiseOps.log(this); }
    public Variable sqrt() { return ElementwiseOps.sqrt(this); }
    public Variable square() { return ElementwiseOps.square(this); }
    public Variable abs() { return ElementwiseOps.abs(this); }
    public Variable relu() { return ElementwiseOps.relu(this); }
    public Variable sigmoid() { return ElementwiseOps.sigmoid(this); }
    public Variable tanh() { return ElementwiseOps.tanh(this); }
    public Variable clamp(float low, float high) { return ElementwiseOps.clamp(this, low, high); }

    public Variable matmul(Variable other) { return MatrixOps.matmul(this, other); }

    public Variable sum() { return ReductionOps.sum(this); }
    public Variable sum(boolean keepDim, int... axes) { return ReductionOps.sum(this, keepDim, axes); }
    public Variable mean() { return ReductionOps.mean(this); }
    public Variable mean(boolean keepDim, int... axes) { return ReductionOps.mean(this, keepDim, axes); }

    public Variable reshape(int... shape) { return ShapeOps.reshape(this, shape); }
    public Variable view(int... shape) { return ShapeOps.reshape(this, shape); }
    public Variable transpose(int axis0, int axis1) { return ShapeOps.transpose(this, axis0, axis1); }
    public Variable permute(int... order) { return ShapeOps.permute(this, order); }
    public Variable narrow(int axis, int start, int length) { return ShapeOps.narrow(this, axis, start, length); }
    public Variable select(int axis, int index) { return ShapeOps.select(this, axis, index); }
    public Variable squeeze(int axis) { return ShapeOps.squeeze(this, axis); }
    public Variable unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
    public Variable expand(int... shape) { return ShapeOps.expand(this, Shape.of(shape)); }

    @Override
    public String toString() {
        return "Variable(" + (requiresGrad ? "requires grad, " : "") + value + ")";
    }
}
