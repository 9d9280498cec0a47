package io.jgrad.cuda;

import io.jgrad.core.Backend;
import io.jgrad.core.BinaryOp;
import io.jgrad.core.Fused;
import io.jgrad.core.Layout;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.Storage;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import java.lang.ref.Reference;

/**
 * jgrad's kernels on an NVIDIA GPU: tensors live in {@link CudaStorage}, and every op is one or a few launches of
 * the CUDA C kernels in {@code src/main/cuda}, shipped as PTX. {@link #open()} is the entry point; it fails with
 * a one-line {@link CudaUnavailableException} on a machine that cannot run them, and never falls back to the CPU.
 *
 * <p>{@link #open()}'s backend allocates and frees device memory per tensor; one from {@link #withBufferReuse()}
 * recycles the storage made inside its {@link #reuseScope()}s, for one training loop on one thread.
 *
 * <p>Invariants: results match {@code ReferenceBackend} to float rounding (summation order and the GPU's
 * {@code expf}/{@code logf} differ in the last bits); every method leaves its tensors' storage reachable until its
 * work is issued (see keepAlive); work runs asynchronously in issue order and {@link #toArray} waits for it.
 */
public final class CudaBackend implements Backend {
    /** Threads per block of the one-dimensional kernels. */
    static final int THREADS = 256;
    /** Grid-stride kernels never need more blocks than this to fill a GPU; larger n loop. */
    static final int MAX_BLOCKS = 4096;

    private static CudaBackend shared;

    private final Device device;
    private final Launches launches;
    private final DevicePool pool;

    CudaBackend(Device device) {
        this(device, null);
    }

    private CudaBackend(Device device, DevicePool pool) {
        this.device = device;
        this.launches = new Launches(device);
        this.pool = pool;
    }

    /**
     * The backend on this process's GPU (device 0 as {@code CUDA_VISIBLE_DEVICES} orders them), opened once.
     *
     * @throws CudaUnavailableException when the driver, a GPU, or a recent enough driver is missing; its message
     *     says which, in one line
     */
    public static synchronized CudaBackend open() {
        if (shared == null) {
            shared = new CudaBackend(JCudaDevice.open());
        }
        return shared;
    }

    /** Empty when {@link #open()} would succeed, else the one-line reason it would not (tests skip with it). */
    public static String availability() {
        try {
            open();
            return "";
        } catch (CudaUnavailableException e) {
            return e.getMessage();
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The GPU, compute capability and driver, e.g. for a log line. */
    public String describe() {
        return device.describe();
    }

    /** Waits for all issued work; for timing. */
    public void synchronize() {
        device.synchronize();
    }

    /**
     * A backend of its own on the same GPU whose {@link #reuseScope()}s recycle device memory: storage made inside
     * a scope is lent from a pool and goes back to it when the outermost scope closes, so that a training loop that
     * runs each step in a scope stops calling cuMemAlloc and cuMemFree after its first step. Storage made outside
     * any scope (parameters, optimiser state) is owned as on {@link #open()}'s backend. Tensors of the new backend
     * mix only with each other. The pool's idle buffers stay allocated until {@link #releaseBuffers()}, or until
     * the backend and all its tensors are unreachable (a Cleaner frees them then).
     */
    public CudaBackend withBufferReuse() {
        DevicePool newPool = new DevicePool(device);
        CudaBackend reusing = new CudaBackend(device, newPool);
        CudaStorage.CLEANER.register(reusing, newPool::abandon);
        return reusing;
    }

    /** How many device buffers this backend's pool holds, idle or lent (0 without reuse): flat once a loop warms up. */
    public int pooledBuffers() {
        return pool == null ? 0 : pool.blocks();
    }

    /**
     * Frees the pool's idle buffers now (cuMemFree each); later scopes allocate anew. Call it when training is done
     * and the memory is wanted back; not inside a reuse scope. Does nothing without reuse.
     */
    public void releaseBuffers() {
        if (pool != null) {
            pool.release();
        }
    }

    @Override
    public Scope reuseScope() {
        return pool == null ? Backend.super.reuseScope() : pool.open();
    }

    @Override
    public Storage allocate(int length) {
        CudaStorage storage = newStorage(length);
        if (length > 0) {
            device.fill32(storage.address(), 0, length);
        }
        return storage;
    }

    /** Skips allocate's memset: the caller's kernel overwrites every element. */
    @Override
    public Storage allocateUninitialized(int length) {
        return newStorage(length);
    }

    /**
     * NOTE: a single value (the scalar operand of {@code x.mul(2f)}) is written with cuMemsetD32, which returns at
     * once, where a copy from pageable host memory first waits for the GPU to finish all work issued before it.
     */
    @Override
    public Storage fromArray(float[] values) {
        CudaStorage storage = newStorage(values.length);
        if (values.length == 1) {
            device.fill32(storage.address(), Float.floatToRawIntBits(values[0]), 1);
        } else if (values.length > 0) {
            device.copyToDevice(values, storage.address());
        }
        return storage;
    }

    /** Lent by the pool inside a reuse scope, else owned; contents unspecified. */
    private CudaStorage newStorage(int length) {
        CudaStorage lent = pool == null ? null : pool.take(length);
        return lent != null ? lent : new CudaStorage(device, length);
    }

    /** Copies straight to the host when {@code x} is contiguous; otherwise gathers it on the device first. */
    @Override
    public float[] toArray(Tensor x) {
        float[] result = new float[x.numel()];
        if (result.length == 0) {
            return result;
        }
        if (x.isContiguous()) {
            device.copyToHost(address(x, x.layout().offset()), result);
        } else {
            try (CudaStorage dense = new CudaStorage(device, result.length)) {
                copy(x, new Tensor(dense, Layout.contiguous(x.shape()), this));
                device.copyToHost(dense.address(), result);
            }
        }
        keepAlive(x);
        return result;
    }

    /** Dense outputs are one cuMemsetD32 of the value's bits; others go through {@code fill_strided}. */
    @Override
    public void fill(Tensor out, float value) {
        StridedLaunch launch = StridedLaunch.of(out.layout()).coalesce();
        if (launch.numel() > 0 && launch.isDense()) {
            device.fill32(address(out, launch.offset(0)), Float.floatToRawIntBits(value), launch.numel());
        } else {
            launches.fill(launch, base(out), value);
        }
        keepAlive(out);
    }

    /** Stays on the device: one cuMemcpyDtoD when both are dense, else the copy kernel ({@code U_COPY}). */
    @Override
    public void copy(Tensor x, Tensor out) {
        if (x.storage() == out.storage() && x.layout().equals(out.layout())) {
            return;
        }
        StridedLaunch launch = StridedLaunch.of(x.layout(), out.layout()).coalesce();
        if (launch.numel() > 0 && launch.isDense()) {
            device.copyOnDevice(address(x, launch.offset(0)), address(out, launch.offset(1)), 4L * launch.numel());
        } else {
            launches.unary(OpCodes.COPY, launch, base(x), base(out));
        }
        keepAlive(x, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        launches.unary(OpCodes.of(op), StridedLaunch.of(x.layout(), out.layout()).coalesce(), base(x), base(out));
        keepAlive(x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        launches.binary(OpCodes.of(op), StridedLaunch.of(a.layout(), b.layout(), out.layout()).coalesce(), base(a),
                base(b), base(out));
        keepAlive(a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        launches.reduce(OpCodes.of(op), base(x), base(out), ReducePlan.of(x.layout(), out.layout()));
        keepAlive(x, out);
    }

    @Override
    public void argmax(Tensor x, int axis, Tensor out) {
        int a = x.shape().axis(axis);
        launches.argmax(base(x), base(out), ReducePlan.of(x.layout(), out.layout()), x.size(a), x.layout().stride(a));
        keepAlive(x, out);
    }

    /** The SGEMM variant for these strides (see {@link GemmPlan}); operands are read in place, never copied. */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        GemmPlan plan = GemmPlan.of(a.layout(), b.layout(), out.layout(), accumulate);
        if (!plan.isEmpty()) {
            device.launch(plan.kernel, plan.grid, new KernelArgs().address(base(a)).address(base(b))
                    .address(base(out)).struct(plan.args));
        }
        keepAlive(a, b, out);
    }

    /**
     * The {@link Fused} kernels on dense tensors of one shape: the pointwise ones through the binary kernel (their
     * codes follow the primitives' in common.cuh), Adam as one launch of {@code adam_step}, which rounds bit for bit
     * as the reference backend's loop does, and the cross-entropy's sum as its terms and then their sum.
     */
    @Override
    public void fused(Fused.Kernel kernel, Tensor[] tensors, float... parameters) {
        if (kernel == Fused.Kernel.ADAM_STEP) {
            Tensor p = tensors[0];
            launches.linear(Kernel.ADAM_STEP, p.numel(), new KernelArgs().i32(p.numel())
                    .address(address(p, p.layout().offset())).address(address(tensors[1], tensors[1].layout().offset()))
                    .address(address(tensors[2], tensors[2].layout().offset()))
                    .address(address(tensors[3], tensors[3].layout().offset()))
                    .f32(parameters[0]).f32(parameters[1]).f32(parameters[2]).f32(parameters[3]).f32(parameters[4]));
        } else if (kernel == Fused.Kernel.BINARY_CROSS_ENTROPY_SUM) {
            // No kernel of its own: the terms through the binary kernel, then the sum kernel.
            tensors[2].copyInPlace(Fused.binaryCrossEntropy(tensors[0], tensors[1]).sum());
        } else {
            Tensor a = tensors[0];
            Tensor b = tensors[1];
            Tensor out = tensors[2];
            launches.binary(OpCodes.of(kernel), StridedLaunch.of(a.layout(), b.layout(), out.layout()).coalesce(),
                    base(a), base(b), base(out));
        }
        keepAlive(tensors);
    }

    /** The byte address of element 0 of {@code t}'s storage. */
    private long base(Tensor t) {
        return storage(t).address();
    }

    /** The byte address of storage position {@code position} of {@code t}. */
    private long address(Tensor t, int position) {
        return base(t) + 4L * position;
    }

    private static CudaStorage storage(Tensor t) {
        if (t.storage() instanceof CudaStorage s) {
            return s;
        }
        throw new IllegalArgumentException("cuda: the CUDA backend was handed a tensor whose storage is "
                + t.storage().getClass().getSimpleName() + ", not on the GPU; move it with to(backend) first");
    }

    /**
     * NOTE: a method works with raw addresses once it has read them, so nothing else keeps the tensors, and thus
     * their storage, reachable. Without this fence the Cleaner could free a storage whose kernel is not yet issued.
     * (Once issued, freeing is safe: cuMemFree synchronizes with the device before it releases memory.)
     */
    private static void keepAlive(Tensor... tensors) {
        Reference.reachabilityFence(tensors);
    }
}
