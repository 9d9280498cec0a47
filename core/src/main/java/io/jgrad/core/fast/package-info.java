/**
 * The fast CPU backend: {@link io.jgrad.core.fast.FastBackend} computes every {@link io.jgrad.core.Backend} kernel
 * with the Vector API on the same heap storage as the reference backend.
 *
 * <p>Start reading at {@code StridedLoops}: any set of layouts is reordered and merged into the fewest axes, and the
 * innermost axis becomes runs that are dense (stride 1) or broadcast (stride 0). {@code Elementwise} hands those
 * runs to one vector loop per op ({@code UnaryKernels}, {@code BinaryKernels}, {@code Comparisons});
 * {@code Reductions} folds or accumulates them. Matrix products go to the GEMM kernel, one call per batch. Large
 * products, and elementwise and fused passes of at least 64K elements per thread, are split across {@code Workers},
 * threads that poll for the next job instead of sleeping; each element is computed the same way whichever thread
 * computes it. The {@code Fused} kernels are vector loops over whole dense tensors ({@code FusedKernels},
 * {@code AdamKernel}).
 * {@code VectorMath} computes e^x and ln x from exactly rounded operations only, so that training gives the same
 * weights bit for bit whether or not the JIT has compiled a kernel yet.
 */
package io.jgrad.core.fast;
