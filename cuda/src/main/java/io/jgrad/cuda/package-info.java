/**
 * jgrad on NVIDIA GPUs: {@link io.jgrad.cuda.CudaBackend} implements {@link io.jgrad.core.Backend} with our own
 * CUDA C kernels ({@code cuda/src/main/cuda/*.cu}), compiled to PTX by {@code cuda/build-ptx.sh} and loaded through
 * JCuda's binding of the driver API.
 *
 * <p>Reading order: {@code CudaBackend} (what each op launches), {@code StridedLaunch} (how a layout becomes kernel
 * arguments), {@code GemmPlan} and {@code sgemm.cu} (the matrix product), {@code ReducePlan} and {@code reduce.cu},
 * then {@code CudaStorage} (device memory and its lifetime), {@code DevicePool} (the caching allocator of
 * {@code withBufferReuse()}) and {@code JCudaDevice} (the driver calls).
 * {@code Device} is the seam that lets the tests run the same kernels on a CPU emulator.
 */
package io.jgrad.cuda;
