package io.jgrad.core;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An n-dimensional array of float32: a {@link Storage}, a {@link Layout} saying where each element lives in it,
 * and the {@link Backend} that computes on it.
 *
 * <p>Invariant: every position the layout can reach lies inside the storage. Views (transpose, narrow, expand,
 * ...) share the storage and never copy; ops return new tensors, and the {@code ...InPlace} ops write into this
 * one. This class only resolves shapes and allocates: each op is one call into the backend.
 */
public final class Tensor {
    private final Storage storage;
    private final Layout layout;
    private final Backend backend;

    /** A tensor over existing storage; the layout must stay inside the storage. */
    public Tensor(Storage storage, Layout layout, Backend backend) {
        if (layout.extent() > storage.length()) {
            throw new IllegalArgumentException(layout + " reaches position " + (layout.extent() - 1)
                    + " but the storage holds " + storage.length() + " elements");
        }
        this.storage = storage;
        this.layout = layout;
        this.backend = backend;
    }

    // ---- creation -------------------------------------------------------------------------------------------

    /** A new contiguous tensor of zeros on {@code backend}. */
    public static Tensor zeros(Backend backend, int... shape) {
        Shape s = Shape.of(shape);
        return new Tensor(backend.allocate(s.numel()), Layout.contiguous(s), backend);
    }

    /** A new contiguous tensor of zeros on the {@linkplain DefaultBackend default} CPU backend. */
    public static Tensor zeros(int... shape) {
        return zeros(DefaultBackend.get(), shape);
    }

    /** A new tensor with every element {@code value}. */
    public static Tensor full(float value, int... shape) {
        return zeros(shape).fillInPlace(value);
    }

    public static Tensor ones(int... shape) { return full(1f, shape); }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /**
     * A tensor of {@code values} in row-major order with the given shape. When none is given it is 1-D, except
     * that a single value gives a rank-0 tensor (as {@link #scalar} does); pass {@code 1} for a 1-D tensor of one.
     */
    public static Tensor of(float[] values, int... shape) {
        return of(DefaultBackend.get(), values, shape);
    }

    /** Like {@link #of(float[], int...)}, on {@code backend}. */
    public static Tensor of(Backend backend, float[] values, int... shape) {
        Shape s = shape.length == 0 && values.length != 1 ? Shape.of(values.length) : Shape.of(shape);
        if (s.numel() != values.length) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape " + s + " of " + s.numel());
        }
        return new Tensor(backend.fromArray(values), Layout.contiguous(s), backend);
    }

    /** A tensor whose row-major values {@code writer} writes, in ranges of whole rows ({@link Backend#fromWriter}). */
    public static Tensor fromWriter(Backend backend, Backend.Writer writer, int... shape) {
        Shape s = Shape.of(shape);
        int row = s.rank() == 0 ? 1 : Math.max(1, s.size(s.rank() - 1));
        return new Tensor(backend.fromWriter(s.numel(), row, writer), Layout.contiguous(s), backend);
    }

    /** {@code 0, 1, ..., n-1}. */
    public static Tensor arange(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return of(values, n);
    }

    /** A tensor of independent draws, uniform in {@code [low, high)}. */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        return of(rng.uniform(Shape.of(shape).numel(), low, high), shape);
    }

    /** A tensor of independent draws from N(mean, std^2). */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        return normal(DefaultBackend.get(), rng, mean, std, shape);
    }

    /** Like the above, on {@code backend}: {@code rng.normal}'s numbers, which it may draw on several threads. */
    public static Tensor normal(Backend backend, Rng rng, float mean, float std, int... shape) {
        Shape s = Shape.of(shape);
        return new Tensor(backend.normal(rng, s.numel(), mean, std), Layout.contiguous(s), backend);
    }

    /** A new zero tensor of {@code shape} on this tensor's backend. */
    public Tensor zerosLike(Shape shape) {
        return new Tensor(backend.allocate(shape.numel()), Layout.contiguous(shape), backend);
    }

    /** A new tensor of {@code shape} whose contents are unspecified, for an output an op overwrites completely. */
    Tensor emptyLike(Shape shape) {
        return new Tensor(backend.allocateUninitialized(shape.numel()), Layout.contiguous(shape), backend);
    }

    /** This tensor's values on {@code target} (this tensor itself when it is already there). */
    public Tensor to(Backend target) {
        return target == backend ? this : of(target, toArray(), layout.shape().sizes());
    }

    // ---- what it is -----------------------------------------------------------------------------------------

    public Shape shape() { return layout.shape(); }
    public Layout layout() { return layout; }
    public Storage storage() { return storage; }
    public Backend backend() { return backend; }
    public int rank() { return layout.rank(); }
    public int size(int axis) { return layout.shape().size(axis); }
    public int numel() { return layout.numel(); }
    public boolean isContiguous() { return layout.isContiguous(); }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() { return backend.toArray(this); }

    /** The one element of a tensor with one element. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape() + " has " + numel() + " elements, not 1");
        }
        return toArray()[0];
    }

    /** The element at {@code index} (slow on a GPU: one copy per call). */
    public float get(int... index) {
        return narrowTo(index).item();
    }

    /** Writes one element at {@code index}. */
    public void set(float value, int... index) {
        backend.fill(narrowTo(index).writable("set"), value);
    }

    private Tensor narrowTo(int[] index) {
        layout.position(index);
        Layout l = layout;
        for (int axis = 0; axis < index.length; axis++) {
            l = l.narrow(axis, index[axis], 1);
        }
        return view(l);
    }

    // ---- views: new layouts over the same storage ---------------------------------------------------------

    private Tensor view(Layout l) {
        return new Tensor(storage, l, backend);
    }

    /** The same elements with another shape, without copying; one size may be -1 (inferred). */
    public Tensor view(int... shape) {
        Shape target = Shape.inferred(shape, numel(), shape());
        Layout l = layout.view(target);
        if (l == null) {
            throw new IllegalStateException("view: a tensor of shape " + shape() + " with strides "
                    + Arrays.toString(layout.strides()) + " cannot be seen as " + target
                    + " without copying; call contiguous() first, or use reshape()");
        }
        return view(l);
    }

    /** Like {@link #view(int...)}, but copies when the layout does not allow a view. */
    public Tensor reshape(int... shape) {
        Layout l = layout.view(Shape.inferred(shape, numel(), shape()));
        return l != null ? view(l) : contiguous().view(shape);
    }

    public Tensor transpose(int axis0, int axis1) { return view(layout.transpose(axis0, axis1)); }

    /** The transpose of a 2-D tensor. */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + shape());
        }
        return transpose(0, 1);
    }

    public Tensor permute(int... order) { return view(layout.permute(order)); }

    /** Indexes {@code start .. start+length-1} along {@code axis}. */
    public Tensor narrow(int axis, int start, int length) {
        return view(layout.narrow(axis, start, length));
    }

    /** The slice at {@code index} along {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) {
        return view(layout.select(axis, index));
    }

    public Tensor squeeze(int axis) { return view(layout.squeeze(axis)); }
    public Tensor unsqueeze(int axis) { return view(layout.unsqueeze(axis)); }

    /** Broadcasts to {@code shape} with stride 0 along new or size-1 axes; no copy. */
    public Tensor expand(int... shape) { return expand(Shape.of(shape)); }

    public Tensor expand(Shape shape) { return view(layout.expand(shape)); }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A new contiguous tensor with the same values. */
    public Tensor copy() {
        Tensor out = emptyLike(shape());
        backend.copy(this, out);
        return out;
    }

    /** Copies {@code source} (broadcast to this shape) into this tensor. */
    public Tensor copyInPlace(Tensor source) {
        writable("copy");
        backend.copy(inPlaceOperand("copy", source), this);
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fillInPlace(float value) {
        backend.fill(writable("fill"), value);
        return this;
    }

    // ---- elementwise ----------------------------------------------------------------------------------------

    public Tensor map(UnaryOp op) {
        Tensor out = emptyLike(shape());
        backend.unary(op, this, out);
        return out;
    }

    public Tensor mapInPlace(UnaryOp op) {
        backend.unary(op, this, writable(TensorFormat.label(op) + "InPlace"));
        return this;
    }

    public Tensor neg() { return map(UnaryOp.NEG); }
    public Tensor exp() { return map(UnaryOp.EXP); }
    public Tensor log() { return map(UnaryOp.LOG); }
    public Tensor sqrt() { return map(UnaryOp.SQRT); }
    public Tensor square() { return map(UnaryOp.SQUARE); }
    public Tensor abs() { return map(UnaryOp.ABS); }
    public Tensor sign() { return map(UnaryOp.SIGN); }
    public Tensor relu() { return map(UnaryOp.RELU); }
    public Tensor sigmoid() { return map(UnaryOp.SIGMOID); }
    public Tensor tanh() { return map(UnaryOp.TANH); }
    public Tensor reciprocal() { return map(UnaryOp.RECIPROCAL); }

    /** {@code min(max(x, low), high)}. */
    public Tensor clamp(float low, float high) {
        return zip(BinaryOp.MAXIMUM, scalarLike(low)).zipInPlace(BinaryOp.MINIMUM, scalarLike(high));
    }

    /** {@code op(this, other)} with both broadcast to their common shape. */
    public Tensor zip(BinaryOp op, Tensor other) {
        String name = TensorFormat.label(op);
        sameBackend(name, other);
        Shape s = Shape.broadcast(shape(), other.shape(), name);
        Tensor out = emptyLike(s);
        backend.binary(op, expand(s), other.expand(s), out);
        return out;
    }

    /** {@code this = op(this, other)}; {@code other} must broadcast to this shape. */
    public Tensor zipInPlace(BinaryOp op, Tensor other) {
        String name = TensorFormat.label(op) + "InPlace";
        Tensor operand = inPlaceOperand(name, other);
        backend.binary(op, this, operand, writable(name));
        return this;
    }

    /** {@code other} broadcast to this shape, to be read while this tensor is written in place. */
    private Tensor inPlaceOperand(String op, Tensor other) {
        return readable(op, sameBackend(op, other).expand(Shape.broadcastInto(other.shape(), shape(), op)));
    }

    /**
     * The gate every in-place write passes: refuses a broadcast destination ({@link Layout#checkWritable}) and counts
     * the write in the storage's {@link Storage#version() version}, which the tape checks at backward.
     */
    Tensor writable(String op) {
        layout.checkWritable(op);
        storage.countWrite();
        return this;
    }

    /** {@code source}, if an op writing this tensor element by element may read it (see {@link Layout#checkReadable}). */
    private Tensor readable(String op, Tensor source) {
        if (source.storage == storage) {
            layout.checkReadable(op, source.layout, false);
        }
        return source;
    }

    /** {@code other}, if it lives on this tensor's backend; else an error naming the op and both backends. */
    Tensor sameBackend(String op, Tensor other) {
        if (other.backend != backend) {
            throw new IllegalArgumentException(op + ": tensors live on different backends (" + backend.name()
                    + " and " + other.backend.name() + "); move one with to(backend)");
        }
        return other;
    }

    private Tensor scalarLike(float value) {
        return of(backend, new float[] {value});
    }

    public Tensor add(Tensor other) { return zip(BinaryOp.ADD, other); }
    public Tensor sub(Tensor other) { return zip(BinaryOp.SUB, other); }
    public Tensor mul(Tensor other) { return zip(BinaryOp.MUL, other); }
    public Tensor div(Tensor other) { return zip(BinaryOp.DIV, other); }
    public Tensor pow(Tensor other) { return zip(BinaryOp.POW, other); }
    public Tensor maximum(Tensor other) { return zip(BinaryOp.MAXIMUM, other); }
    public Tensor minimum(Tensor other) { return zip(BinaryOp.MINIMUM, other); }
    public Tensor eq(Tensor other) { return zip(BinaryOp.EQ, other); }
    public Tensor ne(Tensor other) { return zip(BinaryOp.NE, other); }
    public Tensor lt(Tensor other) { return zip(BinaryOp.LT, other); }
    public Tensor le(Tensor other) { return zip(BinaryOp.LE, other); }
    public Tensor gt(Tensor other) { return zip(BinaryOp.GT, other); }
    public Tensor ge(Tensor other) { return zip(BinaryOp.GE, other); }

    public Tensor add(float value) { return zip(BinaryOp.ADD, scalarLike(value)); }
    public Tensor sub(float value) { return zip(BinaryOp.SUB, scalarLike(value)); }
    public Tensor mul(float value) { return zip(BinaryOp.MUL, scalarLike(value)); }
    public Tensor div(float value) { return zip(BinaryOp.DIV, scalarLike(value)); }
    public Tensor pow(float value) { return zip(BinaryOp.POW, scalarLike(value)); }
    public Tensor maximum(float value) { return zip(BinaryOp.MAXIMUM, scalarLike(value)); }
    public Tensor minimum(float value) { return zip(BinaryOp.MINIMUM, scalarLike(value)); }
    public Tensor eq(float value) { return zip(BinaryOp.EQ, scalarLike(value)); }
    public Tensor lt(float value) { return zip(BinaryOp.LT, scalarLike(value)); }
    public Tensor le(float value) { return zip(BinaryOp.LE, scalarLike(value)); }
    public Tensor gt(float value) { return zip(BinaryOp.GT, scalarLike(value)); }
    public Tensor ge(float value) { return zip(BinaryOp.GE, scalarLike(value)); }

    public Tensor addInPlace(Tensor other) { return zipInPlace(BinaryOp.ADD, other); }
    public Tensor subInPlace(Tensor other) { return zipInPlace(BinaryOp.SUB, other); }
    public Tensor mulInPlace(Tensor other) { return zipInPlace(BinaryOp.MUL, other); }
    public Tensor divInPlace(Tensor other) { return zipInPlace(BinaryOp.DIV, other); }
    public Tensor addInPlace(float value) { return zipInPlace(BinaryOp.ADD, scalarLike(value)); }
    public Tensor subInPlace(float value) { return zipInPlace(BinaryOp.SUB, scalarLike(value)); }
    public Tensor mulInPlace(float value) { return zipInPlace(BinaryOp.MUL, scalarLike(value)); }
    public Tensor divInPlace(float value) { return zipInPlace(BinaryOp.DIV, scalarLike(value)); }

    // ---- reductions: along the axes given, or all of them; keepDim keeps each reduced axis with size 1 -------

    public Tensor sum() { return reduce(ReduceOp.SUM, false, allAxes()); }
    public Tensor sum(boolean keepDim, int... axes) { return reduce(ReduceOp.SUM, keepDim, axes); }
    public Tensor max() { return reduce(ReduceOp.MAX, false, allAxes()); }
    public Tensor max(boolean keepDim, int... axes) { return reduce(ReduceOp.MAX, keepDim, axes); }
    public Tensor mean() { return mean(false, allAxes()); }

    /** The mean along {@code axes}: their sum times 1/n, n the number of elements folded into each result. */
    public Tensor mean(boolean keepDim, int... axes) {
        Tensor sum = reduce(ReduceOp.SUM, keepDim, axes);
        return sum.mulInPlace(1f / (numel() / Math.max(sum.numel(), 1)));
    }

    /** The index of the largest element along {@code axis} (the first one on ties), as floats. */
    public Tensor argmax(int axis, boolean keepDim) {
        Tensor out = reducedOutput("argmax", true, axis);
        backend.argmax(this, shape().axis(axis), out);
        return keepDim ? out : out.view(Layout.contiguous(shape().without(axis)));
    }

    private Tensor reduce(ReduceOp op, boolean keepDim, int... axes) {
        Tensor out = reducedOutput(TensorFormat.label(op), op == ReduceOp.MAX, axes);
        backend.reduce(op, this, out);
        return keepDim ? out : out.view(Layout.contiguous(shape().without(axes)));
    }

    /** The keep-dim output of a reduction; one with no identity (max, argmax) refuses an empty axis. */
    private Tensor reducedOutput(String op, boolean needsElements, int... axes) {
        for (int axis : needsElements ? axes : new int[0]) {
            if (size(axis) == 0) {
                throw new IllegalArgumentException(op + ": axis " + shape().axis(axis) + " of shape " + shape() + " is empty");
            }
        }
        return emptyLike(shape().reduced(op, axes));
    }

    private int[] allAxes() {
        return IntStream.range(0, rank()).toArray();
    }

    // ---- matrix products: the backend sees each as a batch, a 2-D operand one expanded to the other's batch -----

    /**
     * Matrix product: {@code [m, k] @ [k, n] -> [m, n]}, or batched {@code [b, m, k] @ [b, k, n] -> [b, m, n]}
     * (a batch of 1 broadcasts). Any strides: a transposed operand is read in place.
     */
    public Tensor matmul(Tensor other) {
        Tensor out = emptyLike(Shape.matmul(shape(), sameBackend("matmul", other).shape()));
        backend.matmul(batch(this, out), batch(other, out), batch(out, out), false);
        return out;
    }

    /** {@code out (+)= this @ other}, writing into an existing tensor of the product's shape. */
    public Tensor matmulInto(Tensor other, Tensor out, boolean accumulate) {
        Shape result = Shape.matmul(shape(), sameBackend("matmul", other).shape());
        if (!sameBackend("matmul", out).shape().equals(result)) {
            throw new IllegalArgumentException("matmul: " + shape() + " @ " + other.shape() + " is " + result
                    + " but the output has shape " + out.shape());
        }
        out.writable("matmul");
        for (Tensor operand : new Tensor[] {this, other}) {
            if (operand.storage == out.storage) {
                out.layout.checkReadable("matmul", operand.layout, true);
            }
        }
        backend.matmul(batch(this, out), batch(other, out), batch(out, out), accumulate);
        return out;
    }

    /**
     * {@code this + a @ b}, this broadcast to the product's shape (PyTorch's {@code addmm}): a linear layer's bias
     * and product in one call, so that a backend can add the bias as it writes the product, not in a second pass.
     */
    public Tensor addmm(Tensor a, Tensor b) {
        Tensor out = emptyLike(Shape.matmul(sameBackend("addmm", a).shape(), sameBackend("addmm", b).shape()));
        Tensor c = expand(Shape.broadcastInto(shape(), out.shape(), "addmm"));
        backend.addmm(batch(a, out), batch(b, out), batch(c, out), batch(out, out));
        return out;
    }

    /** {@code x} as a rank-3 operand of a product whose output is {@code out}: a 2-D one expanded (stride 0). */
    private static Tensor batch(Tensor x, Tensor out) {
        Tensor x3 = x.rank() == 3 ? x : x.unsqueeze(0);
        return x3.expand(out.rank() == 3 ? out.size(0) : 1, x3.size(1), x3.size(2));
    }

    @Override
    public String toString() {
        return TensorFormat.format(toArray(), shape());
    }
}
