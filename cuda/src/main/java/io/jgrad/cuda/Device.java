package io.jgrad.cuda;

/**
 * What {@link CudaBackend} needs from a GPU: device memory, addressed by plain {@code long}s, and kernel launches.
 * {@link JCudaDevice} is the real one, over the CUDA driver API; the tests add a CPU emulator of the same kernels,
 * so the backend's plumbing is exercised on machines without a GPU.
 *
 * <p>Invariants: addresses are byte addresses; work is ordered as it is issued (one stream), and the copies to
 * the host return only after everything issued before them has finished. Implementations are thread-safe:
 * storage may be freed from the {@link java.lang.ref.Cleaner} thread while another thread launches kernels.
 */
interface Device {
    /** Grid and block dimensions of one launch ({@code blockZ} is always 1). */
    record Grid(int x, int y, int z, int blockX, int blockY) {
        /** A one-dimensional grid of {@code blocks} blocks of {@code threads} threads. */
        static Grid linear(int blocks, int threads) {
            return new Grid(blocks, 1, 1, threads, 1);
        }
    }

    /** A line such as {@code NVIDIA H100 80GB HBM3, compute capability 9.0, driver 13.0}. */
    String describe();

    /** Uninitialised device memory of {@code bytes} > 0 bytes, aligned to at least 256 bytes. */
    long allocate(long bytes);

    void free(long address);

    /** Sets {@code count} 32-bit words starting at {@code address} to {@code bits}. */
    void fill32(long address, int bits, long count);

    void copyToDevice(float[] values, long address);

    void copyToHost(long address, float[] values);

    void copyOnDevice(long from, long to, long bytes);

    void launch(Kernel kernel, Grid grid, KernelArgs args);

    /** Waits until all issued work has finished. */
    void synchronize();
}
