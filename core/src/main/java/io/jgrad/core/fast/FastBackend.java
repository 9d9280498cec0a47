package io.jgrad.core.fast;

import io.jgrad.core.Backend;
import io.jgrad.core.BinaryOp;
import io.jgrad.core.DefaultBackend;
import io.jgrad.core.Fused;
import io.jgrad.core.HeapStorage;
import io.jgrad.core.Layout;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.Rng;
import io.jgrad.core.Storage;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import io.jgrad.core.reference.ReferenceBackend;
import java.util.Arrays;

/**
 * The fast CPU backend: the same kernels as the reference, on the same {@link HeapStorage}, computed with the
 * Vector API over collapsed layouts. Start reading at {@link StridedLoops} (how any layout becomes a few dense
 * runs), then {@link Elementwise}, {@link UnaryKernels}, {@link BinaryKernels} and {@link Reductions}.
 *
 * <p>{@link #INSTANCE} allocates plainly; an instance from {@link #withBufferReuse()} recycles the storage made
 * inside its {@link #reuseScope()}s, for one training loop on one thread.
 *
 * <p>Invariant: results agree with the reference backend to float rounding (bit for bit wherever IEEE arithmetic is
 * exact), and the same inputs and layouts always give the same bits, whatever the number of threads
 * ({@link #setThreads}) that large products and large elementwise passes are split across.
 */
public final class FastBackend implements Backend {
    public static final FastBackend INSTANCE = new FastBackend(null);
    /** Normal draws a thread must get before they are split: each costs about 20 ns, a hand-off about a microsecond. */
    static final int NORMAL_DRAWS_PER_THREAD = 1024;

    private final BufferPool pool;

    private FastBackend(BufferPool pool) {
        this.pool = pool;
    }

    /**
     * Why this JVM cannot run the fast backend, or empty: it needs the incubating Vector API, which a JVM only has when
     * started with {@code --add-modules jdk.incubator.vector}.
     */
    public static String unavailableReason() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? ""
                : "the fast backend needs the Vector API: start java with --add-modules jdk.incubator.vector";
    }

    /** Offers the fast backend as the default, where the Vector API is there. */
    public static final class Candidate implements DefaultBackend.Candidate {
        @Override
        public int rank() {
            return 1;
        }

        @Override
        public String unavailableReason() {
            return FastBackend.unavailableReason();
        }

        @Override
        public FastBackend backend() {
            return INSTANCE;
        }
    }

    /**
     * Sets how many threads the fast backends compute on, the calling thread included (all cores unless set; 1 keeps
     * everything on the calling thread). Large matrix products and passes over large dense tensors are split.
     * Results do not depend on it: every element is computed the same way whichever thread computes it.
     */
    public static void setThreads(int count) {
        Workers.setThreads(count);
    }

    /** A fast backend of its own whose reuse scopes recycle storage (tensors from it mix only with each other). */
    public static FastBackend withBufferReuse() {
        return new FastBackend(new BufferPool());
    }

    /** How many buffers this backend's pool has made so far (0 without reuse): flat once training warms up. */
    public int pooledBuffers() {
        return pool == null ? 0 : pool.buffersMade();
    }

    @Override
    public String name() {
        return "fast";
    }

    @Override
    public Storage allocate(int length) {
        HeapStorage lent = pool == null ? null : pool.take(length);
        if (lent != null) {
            Arrays.fill(lent.data(), 0f);
        }
        return lent != null ? lent : new HeapStorage(new float[length]);
    }

    @Override
    public Storage allocateUninitialized(int length) {
        HeapStorage lent = pool == null ? null : pool.take(length);
        return lent != null ? lent : new HeapStorage(new float[length]);
    }

    @Override
    public Storage fromArray(float[] values) {
        HeapStorage lent = pool == null ? null : pool.take(values.length);
        if (lent == null) {
            return new HeapStorage(values.clone());
        }
        System.arraycopy(values, 0, lent.data(), 0, values.length);
        return lent;
    }

    @Override
    public Storage fromWriter(int length, int align, Writer writer) {
        HeapStorage out = (HeapStorage) allocateUninitialized(length);
        float[] values = out.data();
        Workers.forParts(length, align, (from, to) -> writer.write(values, from, to));
        return out;
    }

    /**
     * The draws in parts on the worker threads, each part from its own point of the generator: a VAE step's 5,120
     * draws (Box-Muller, a logarithm and a cosine each) took about 0.12 ms on one thread, while the other waited.
     */
    @Override
    public Storage normal(Rng rng, int n, float mean, float std) {
        HeapStorage out = (HeapStorage) allocateUninitialized(n);
        float[] values = out.data();
        Workers.forParts(n, 1, NORMAL_DRAWS_PER_THREAD, (from, to) -> {
            Rng part = rng.ahead(2L * from);                    // draw i uses words 2i and 2i + 1
            for (int i = from; i < to; i++) {
                values[i] = (float) (mean + std * part.nextGaussian());
            }
        });
        rng.skip(2L * n);
        return out;
    }

    @Override
    public Scope reuseScope() {
        return pool == null ? Backend.super.reuseScope() : pool.open();
    }

    static float[] data(Tensor t) {
        return HeapStorage.dataOf(t.storage());
    }

    @Override
    public float[] toArray(Tensor x) {
        Layout layout = x.layout();
        if (layout.isContiguous()) {
            return Arrays.copyOfRange(data(x), layout.offset(), layout.offset() + x.numel());
        }
        float[] result = new float[x.numel()];
        Elementwise.copy(x, new Tensor(new HeapStorage(result), Layout.contiguous(x.shape()), this));
        return result;
    }

    @Override
    public void fill(Tensor out, float value) {
        Elementwise.fill(out, value);
    }

    @Override
    public void copy(Tensor x, Tensor out) {
        Elementwise.copy(x, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Elementwise.unary(op, x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Elementwise.binary(op, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        Reductions.reduce(op, x, out);
    }

    @Override
    public void argmax(Tensor x, int axis, Tensor out) {
        Reductions.argmax(x, axis, out);
    }

    /**
     * The fused kernels as vector loops over the whole (dense) tensors; what is left over after the last full vector
     * goes to the reference backend's loop, their definition.
     */
    @Override
    public void fused(Fused.Kernel kernel, Tensor[] tensors, float... parameters) {
        int n = tensors[0].numel();
        int bound = n - n % UnaryKernels.SPECIES.length();
        if (kernel == Fused.Kernel.BINARY_CROSS_ENTROPY_SUM) {
            crossEntropySum(tensors[0], tensors[1], tensors[2], n, bound);
            return;
        }
        float[][] d = new float[tensors.length][];
        int[] at = new int[tensors.length];
        for (int j = 0; j < tensors.length; j++) {
            d[j] = data(tensors[j]);
            at[j] = tensors[j].layout().offset();
        }
        FusedKernels.Loop loop = FusedKernels.loop(kernel);
        Workers.forParts(bound, UnaryKernels.CHUNK, (from, to) -> loop.run(d, shifted(at, from), to - from, parameters));
        if (bound < n) {
            Tensor[] tails = new Tensor[tensors.length];
            for (int j = 0; j < tensors.length; j++) {
                tails[j] = tensors[j].view(-1).narrow(0, bound, n - bound);
            }
            ReferenceBackend.INSTANCE.fused(kernel, tails, parameters);
        }
    }

    /** The terms' sum: the whole vectors' in blocks ({@link FusedKernels#binaryCrossEntropySum}), then the rest's. */
    private static void crossEntropySum(Tensor p, Tensor t, Tensor out, int n, int bound) {
        float[] dp = data(p);
        float[] dt = data(t);
        int pp = p.layout().offset();
        int pt = t.layout().offset();
        float sum = FusedKernels.binaryCrossEntropySum(dp, pp, dt, pt, bound);
        for (int i = bound; i < n; i++) {
            sum += ReferenceBackend.crossEntropy(dp[pp + i], dt[pt + i]);
        }
        data(out)[out.layout().offset()] = sum;
    }

    /** The positions {@code at}, each moved on by {@code by}. */
    private static int[] shifted(int[] at, int by) {
        int[] moved = at.clone();
        for (int j = 0; j < moved.length; j++) {
            moved[j] += by;
        }
        return moved;
    }

    /** As {@link #matmul}, with {@code c} added as each tile of C is written when it is a row (strides 0, 0, 1). */
    @Override
    public void addmm(Tensor a, Tensor b, Tensor c, Tensor out) {
        Layout lc = c.layout();
        if (lc.stride(0) != 0 || lc.stride(1) != 0 || lc.stride(2) != 1) {
            Backend.super.addmm(a, b, c, out);
            return;
        }
        product(a, b, out, false, data(c), lc.offset());
    }

    /** One {@link Gemm#gemm} per batch, each reading its operands in place through their strides. */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        product(a, b, out, accumulate, null, 0);
    }

    private static void product(Tensor a, Tensor b, Tensor out, boolean accumulate, float[] bias, int biasOffset) {
        Layout la = a.layout();
        Layout lb = b.layout();
        Layout lo = out.layout();
        int m = out.size(1);
        int n = out.size(2);
        int k = a.size(2);
        for (int batch = 0; batch < out.size(0); batch++) {
            Gemm.gemm(m, n, k,
                    data(a), la.offset() + batch * la.stride(0), la.stride(1), la.stride(2),
                    data(b), lb.offset() + batch * lb.stride(0), lb.stride(1), lb.stride(2),
                    data(out), lo.offset() + batch * lo.stride(0), lo.stride(1), lo.stride(2), accumulate,
                    bias, biasOffset);
        }
    }
}
