// Elementwise kernels: fill, copy (= unary U_COPY), unary and binary ops, on any layouts.
//
// Each kernel comes in two shapes. The *_dense ones take pointers that already include the offset and walk
// 0..n-1 with stride 1 in every operand: the host uses them when every operand is contiguous. The *_strided
// ones unravel each flat index over Dims and apply every operand's Strides; broadcast operands arrive with
// stride 0. Both use a grid-stride loop.
#include "common.cuh"

extern "C" __global__ void fill_strided(int n, Dims dims, float* out, Strides os, float value) {
    GRID_STRIDE_LOOP(i, n) {
        out[position_of(dims, os, i)] = value;
    }
}

extern "C" __global__ void unary_dense(int op, int n, const float* x, float* out) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = apply_unary(op, x[i]);
    }
}

extern "C" __global__ void unary_strided(int op, int n, Dims dims, const float* x, Strides xs, float* out, Strides os) {
    GRID_STRIDE_LOOP(i, n) {
        out[position_of(dims, os, i)] = apply_unary(op, x[position_of(dims, xs, i)]);
    }
}

extern "C" __global__ void binary_dense(int op, int n, const float* a, const float* b, float* out) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = apply_binary(op, a[i], b[i]);
    }
}

extern "C" __global__ void binary_strided(int op, int n, Dims dims, const float* a, Strides as, const float* b,
                                          Strides bs, float* out, Strides os) {
    GRID_STRIDE_LOOP(i, n) {
        out[position_of(dims, os, i)] = apply_binary(op, a[position_of(dims, as, i)], b[position_of(dims, bs, i)]);
    }
}
