// Reductions (SUM, MAX) over any set of axes, and argmax along one axis.
//
// The host splits the axes of x in two: the kept axes (the output's shape, where out has the size of x) and
// the reduced axes (out has size 1, x does not). reduce_strided gives each output element one thread, which
// folds its reduced elements in row-major order: the same order as the reference loop, so a SUM here
// rounds exactly as the oracle does. When only the last axis is reduced and it is dense, the row kernels
// split each row over a warp (short rows) or a whole block (long rows) and combine with warp shuffles.
#include "common.cuh"

#define FULL_MASK 0xffffffffu

extern "C" __global__ void reduce_strided(int op, int n, Dims kept, const float* x, Strides x_kept, float* out,
                                          Strides out_kept, Dims reduced, Strides x_reduced) {
    long long count = 1;
    for (int axis = 0; axis < reduced.rank; ++axis) count *= reduced.sizes[axis];
    GRID_STRIDE_LOOP(j, n) {
        long long position = position_of(kept, x_kept, j) + x_reduced.offset;
        int index[JG_MAX_RANK] = {0};
        float acc = reduce_identity(op);
        for (long long r = 0; r < count; ++r) {
            acc = reduce_combine(op, acc, x[position]);
            // Advance the reduced index like an odometer: last axis fastest, carrying into earlier axes.
            // (Unrolled over the constant JG_MAX_RANK so that index stays in registers.)
#pragma unroll
            for (int axis = JG_MAX_RANK - 1; axis >= 0; --axis) {
                if (axis < reduced.rank) {
                    position += x_reduced.strides[axis];
                    if (++index[axis] < reduced.sizes[axis]) break;
                    position -= (long long)reduced.sizes[axis] * x_reduced.strides[axis];
                    index[axis] = 0;
                }
            }
        }
        out[position_of(kept, out_kept, j)] = acc;
    }
}

// Folds the 32 values of a warp into lane 0: each step adds the upper half of the remaining lanes to the lower.
__device__ __forceinline__ float warp_reduce(int op, float acc) {
    for (int delta = 16; delta > 0; delta /= 2) {
        acc = reduce_combine(op, acc, __shfl_down_sync(FULL_MASK, acc, delta));
    }
    return acc;
}

// One warp per row: blocks of 256 threads hold 8 rows. A warp whose row is past the end exits as a whole,
// so every shuffle sees all 32 lanes.
extern "C" __global__ void reduce_rows_warp(int op, int rows, int cols, const float* x, int x_row_stride,
                                            float* out, int out_stride) {
    long long row = (blockIdx.x * (long long)blockDim.x + threadIdx.x) / 32;
    int lane = threadIdx.x % 32;
    if (row >= rows) return;
    const float* line = x + row * x_row_stride;
    float acc = reduce_identity(op);
    for (int c = lane; c < cols; c += 32) {
        acc = reduce_combine(op, acc, line[c]);
    }
    acc = warp_reduce(op, acc);
    if (lane == 0) out[row * out_stride] = acc;
}

// One block per row, for long rows: each warp folds its share, then warp 0 folds the warps' partial values.
extern "C" __global__ void reduce_rows_block(int op, int rows, int cols, const float* x, int x_row_stride,
                                             float* out, int out_stride) {
    __shared__ float partial[32];
    int lane = threadIdx.x % 32;
    int warp = threadIdx.x / 32;
    int warps = blockDim.x / 32;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* line = x + row * x_row_stride;
        float acc = reduce_identity(op);
        for (int c = threadIdx.x; c < cols; c += blockDim.x) {
            acc = reduce_combine(op, acc, line[c]);
        }
        acc = warp_reduce(op, acc);
        if (lane == 0) partial[warp] = acc;
        __syncthreads();
        if (warp == 0) {
            acc = lane < warps ? partial[lane] : reduce_identity(op);
            acc = warp_reduce(op, acc);
            if (lane == 0) out[row * out_stride] = acc;
        }
        __syncthreads();  // partial is reused by the next row
    }
}

// out[j] = the first index along the axis of the largest value, NaN counting as largest (as the reference).
extern "C" __global__ void argmax_strided(int n, Dims kept, const float* x, Strides x_kept, float* out,
                                          Strides out_kept, int size, int stride) {
    GRID_STRIDE_LOOP(j, n) {
        const float* line = x + position_of(kept, x_kept, j);
        int best = 0;
        float top = line[0];
        for (int i = 1; i < size; ++i) {
            float v = line[(long long)i * stride];
            if (v > top || (is_nan(v) && !is_nan(top))) {
                best = i;
                top = v;
            }
        }
        out[position_of(kept, out_kept, j)] = (float)best;
    }
}
