package io.jgrad.cuda;

/**
 * Turns plans into kernel launches: grid sizes for the one-dimensional kernels, the dense or strided form of the
 * elementwise kernels, and the choice among the reduction kernels. Takes storage base addresses (bytes) and adds the
 * plans' offsets; holds no state besides the device.
 *
 * <p>Invariant: never launches an empty grid (CUDA rejects a grid dimension of 0); empty work returns early.
 */
final class Launches {
    private final Device device;

    Launches(Device device) {
        this.device = device;
    }

    /** A grid-stride kernel over {@code n} elements: enough blocks of {@link CudaBackend#THREADS}, at most MAX_BLOCKS. */
    void linear(Kernel kernel, long n, KernelArgs args) {
        if (n > 0) {
            device.launch(kernel, Device.Grid.linear(blocks(n, CudaBackend.THREADS), CudaBackend.THREADS), args);
        }
    }

    /** {@code fill_strided} over a coalesced layout of {@code out}, split into launches of at most MAX_RANK axes. */
    void fill(StridedLaunch launch, long out, float value) {
        if (launch.numel() == 0) {
            return;
        }
        for (StridedLaunch part : launch.split(StridedLaunch.MAX_RANK)) {
            linear(Kernel.FILL_STRIDED, part.numel(), new KernelArgs().i32((int) part.numel()).struct(part.dims())
                    .address(out).struct(part.strides(0)).f32(value));
        }
    }

    /** A unary op ({@code U_COPY} for a copy) over a coalesced launch of x and out: one dense launch if it can be. */
    void unary(int code, StridedLaunch launch, long x, long out) {
        if (launch.numel() == 0) {
            return;
        }
        if (launch.isDense()) {
            linear(Kernel.UNARY_DENSE, launch.numel(), new KernelArgs().i32(code).i32((int) launch.numel())
                    .address(x + 4L * launch.offset(0)).address(out + 4L * launch.offset(1)));
            return;
        }
        for (StridedLaunch part : launch.split(StridedLaunch.MAX_RANK)) {
            linear(Kernel.UNARY_STRIDED, part.numel(), new KernelArgs().i32(code).i32((int) part.numel())
                    .struct(part.dims()).address(x).struct(part.strides(0)).address(out).struct(part.strides(1)));
        }
    }

    /** A binary op over a coalesced launch of a, b and out: one dense launch if it can be. */
    void binary(int code, StridedLaunch launch, long a, long b, long out) {
        if (launch.numel() == 0) {
            return;
        }
        if (launch.isDense()) {
            linear(Kernel.BINARY_DENSE, launch.numel(), new KernelArgs().i32(code).i32((int) launch.numel())
                    .address(a + 4L * launch.offset(0)).address(b + 4L * launch.offset(1))
                    .address(out + 4L * launch.offset(2)));
            return;
        }
        for (StridedLaunch part : launch.split(StridedLaunch.MAX_RANK)) {
            linear(Kernel.BINARY_STRIDED, part.numel(), new KernelArgs().i32(code).i32((int) part.numel())
                    .struct(part.dims()).address(a).struct(part.strides(0)).address(b).struct(part.strides(1))
                    .address(out).struct(part.strides(2)));
        }
    }

    static int blocks(long n, int perBlock) {
        return (int) Math.min(CudaBackend.MAX_BLOCKS, (n + perBlock - 1) / perBlock);
    }

    /**
     * Rows reduce with a warp each (8 rows per block) or, when long, a block each; anything else gives each output
     * element a thread of {@code reduce_strided}. {@code x} and {@code out} are storage base addresses.
     */
    void reduce(int op, long x, long out, ReducePlan plan) {
        if (plan.kept.numel() == 0) {
            return;
        }
        if (plan.isRows()) {
            int rows = plan.rows();
            Kernel kernel = plan.rowKernel();
            int blocks = kernel == Kernel.REDUCE_ROWS_WARP
                    ? (int) ((rows + (CudaBackend.THREADS / 32) - 1) / (CudaBackend.THREADS / 32))
                    : Math.min(rows, CudaBackend.MAX_BLOCKS);
            device.launch(kernel, Device.Grid.linear(blocks, CudaBackend.THREADS), new KernelArgs().i32(op).i32(rows)
                    .i32(plan.cols()).address(x + 4L * plan.kept.offset(0)).i32(plan.rowStride(0))
                    .address(out + 4L * plan.kept.offset(1)).i32(plan.rowStride(1)));
            return;
        }
        for (StridedLaunch part : plan.kept.split(StridedLaunch.MAX_RANK)) {
            linear(Kernel.REDUCE_STRIDED, part.numel(), new KernelArgs().i32(op).i32((int) part.numel())
                    .struct(part.dims()).address(x).struct(part.strides(0)).address(out).struct(part.strides(1))
                    .struct(plan.reduced.dims()).struct(plan.reduced.strides(0)));
        }
    }

    /** One thread per output element walks the {@code size} elements along the axis, {@code stride} apart. */
    void argmax(long x, long out, ReducePlan plan, int size, int stride) {
        for (StridedLaunch part : plan.kept.split(StridedLaunch.MAX_RANK)) {
            linear(Kernel.ARGMAX_STRIDED, part.numel(), new KernelArgs().i32((int) part.numel()).struct(part.dims())
                    .address(x).struct(part.strides(0)).address(out).struct(part.strides(1)).i32(size).i32(stride));
        }
    }
}
