package io.jgrad.cuda;

import io.jgrad.core.Backend;
import io.jgrad.core.BinaryOp;
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

    CudaBackend(Device device) {
        this.device = device;
        this.launches = new Launches(device);
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

    @Override
    public Storage allocate(int length) {
        CudaStorage storage = new CudaStorage(device, length);
        if (length > 0) {
            device.fill32(storage.address(), 0, length);
        }
        return storage;
    }

    @Override
    public Storage fromArray(float[] values) {
        CudaStorage storage = new CudaStorage(device, values.length);
        if (values.length > 0) {
            device.copyToDevice(values, storage.address());
        }
        return storage;
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
        if (launch.numel() == 0) {
            return;
        }
        if (launch.isDense()) {
            device.fill32(address(out, launch.offset(0)), Float.floatToRawIntBits(value), launch.numel());
        } else {
            for (StridedLaunch part : launch.split(StridedLaunch.MAX_RANK)) {
                launches.linear(Kernel.FILL_STRIDED, part.numel(), new KernelArgs().i32((int) part.numel())
                        .struct(part.dims()).address(base(out)).struct(part.strides(0)).f32(value));
            }
        }
        keepAlive(out);
    }

    /** Stays on the device: one cuMemcpyDtoD when both are dense, else the strided copy kernel. */
    @Override
    public void copy(Tensor x, Tensor out) {
        if (x.storage() == out.storage() && x.layout().equals(out.layout())) {
            return;
        }
        StridedLaunch launch = StridedLaunch.of(x.layout(), out.layout()).coalesce();
        if (launch.numel() > 0 && launch.isDense()) {
            device.copyOnDevice(address(x, launch.offset(0)), address(out, launch.offset(1)), 4L * launch.numel());
            keepAlive(x, out);
        } else {
            elementwise(OpCodes.COPY, x, out);
        }
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        elementwise(OpCodes.of(op), x, out);
    }

    private void elementwise(int code, Tensor x, Tensor out) {
        StridedLaunch launch = StridedLaunch.of(x.layout(), out.layout()).coalesce();
        if (launch.numel() == 0) {
            return;
        }
        if (launch.isDense()) {
            launches.linear(Kernel.UNARY_DENSE, launch.numel(), new KernelArgs().i32(code).i32((int) launch.numel())
                    .address(address(x, launch.offset(0))).address(address(out, launch.offset(1))));
        } else {
            for (StridedLaunch part : launch.split(StridedLaunch.MAX_RANK)) {
                launches.linear(Kernel.UNARY_STRIDED, part.numel(), new KernelArgs().i32(code).i32((int) part.numel())
                        .struct(part.dims()).address(base(x)).struct(part.strides(0))
                        .address(base(out)).struct(part.strides(1)));
            }
        }
        keepAlive(x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int code = OpCodes.of(op);
        StridedLaunch launch = StridedLaunch.of(a.layout(), b.layout(), out.layout()).coalesce();
        if (launch.numel() == 0) {
            return;
        }
        if (launch.isDense()) {
            launches.linear(Kernel.BINARY_DENSE, launch.numel(), new KernelArgs().i32(code).i32((int) launch.numel())
                    .address(address(a, launch.offset(0))).address(address(b, launch.offset(1)))
                    .address(address(out, launch.offset(2))));
        } else {
            for (StridedLaunch part : launch.split(StridedLaunch.MAX_RANK)) {
                launches.linear(Kernel.BINARY_STRIDED, part.numel(), new KernelArgs().i32(code).i32((int) part.numel())
                        .struct(part.dims()).address(base(a)).struct(part.strides(0)).address(base(b))
                        .struct(part.strides(1)).address(base(out)).struct(part.strides(2)));
            }
        }
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
     * One launch of {@code adam_step} when all four tensors are dense and of one shape, rounding exactly as
     * {@link Backend#adamStep}'s formula (and the CPU backends) do; any other layout takes the composed default.
     */
    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float beta1, float beta2, float eps, float stepSize,
                         float biasRoot) {
        boolean dense = p.isContiguous() && g.isContiguous() && m.isContiguous() && v.isContiguous()
                && g.shape().equals(p.shape()) && m.shape().equals(p.shape()) && v.shape().equals(p.shape());
        if (!dense) {
            Backend.super.adamStep(p, g, m, v, beta1, beta2, eps, stepSize, biasRoot);
            return;
        }
        launches.linear(Kernel.ADAM_STEP, p.numel(), new KernelArgs().i32(p.numel())
                .address(address(p, p.layout().offset())).address(address(g, g.layout().offset()))
                .address(address(m, m.layout().offset())).address(address(v, v.layout().offset()))
                .f32(beta1).f32(beta2).f32(eps).f32(stepSize).f32(biasRoot));
        keepAlive(p, g, m, v);
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
