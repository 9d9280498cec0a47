package io.jgrad.cuda;

/**
 * Turns plans into kernel launches: grid sizes for the one-dimensional kernels, and the choice among the
 * reduction kernels. Holds no state besides the device.
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
