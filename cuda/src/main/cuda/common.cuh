// Shared by every jgrad kernel: how a strided layout reaches a kernel, and the scalar functions of each op.
//
// A layout arrives as two small structs passed by value. Java packs them as plain ints in field order
// (io.jgrad.cuda.StridedLaunch), so the field order here is part of the contract with the host:
//   Dims    = { rank, sizes[JG_MAX_RANK] }            shared by every operand of one launch
//   Strides = { offset, strides[JG_MAX_RANK] }        one per operand, in elements (not bytes)
// The element at index (i0, i1, ...) lives at offset + i0*strides[0] + i1*strides[1] + ...
#pragma once

#define JG_MAX_RANK 6

// The codes below are the ones io.jgrad.cuda.OpCodes gives each enum constant; a test reads them from here.
enum UnaryCode {
    U_COPY = 0, U_NEG = 1, U_EXP = 2, U_LOG = 3, U_SQRT = 4, U_SQUARE = 5, U_ABS = 6, U_SIGN = 7,
    U_RELU = 8, U_SIGMOID = 9, U_TANH = 10, U_RECIPROCAL = 11
};
enum BinaryCode {
    B_ADD = 0, B_SUB = 1, B_MUL = 2, B_DIV = 3, B_POW = 4, B_MAXIMUM = 5, B_MINIMUM = 6,
    B_EQ = 7, B_NE = 8, B_LT = 9, B_LE = 10, B_GT = 11, B_GE = 12,
    // the pointwise kernels of io.jgrad.core.Fused, run by the binary kernels
    B_SIGMOID_BACKWARD = 13, B_RELU_BACKWARD = 14, B_BINARY_CROSS_ENTROPY = 15, B_BINARY_CROSS_ENTROPY_BACKWARD = 16
};
enum ReduceCode { R_SUM = 0, R_MAX = 1 };

struct Dims {
    int rank;
    int sizes[JG_MAX_RANK];
};

struct Strides {
    int offset;
    int strides[JG_MAX_RANK];
};

// A loop over i = 0..n-1 shared by all threads of the grid, so any grid size covers any n.
#define GRID_STRIDE_LOOP(i, n) \
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); i += (long long)blockDim.x * gridDim.x)

// The emulator used by the CPU tests defines this to check float4 alignment; on the GPU it is empty.
#ifndef JG_CHECK_ALIGNED
#define JG_CHECK_ALIGNED(pointer)
#endif

__device__ __forceinline__ float4 load4(const float* p) {
    JG_CHECK_ALIGNED(p);
    return *reinterpret_cast<const float4*>(p);
}

__device__ __forceinline__ void store4(float* p, float4 v) {
    JG_CHECK_ALIGNED(p);
    *reinterpret_cast<float4*>(p) = v;
}

// Unravels a row-major flat index over dims (last axis fastest), then applies one operand's strides.
// NOTE: the loop runs over the constant JG_MAX_RANK and is unrolled, so dims and s are indexed with constants
// and stay in registers; a loop bounded by dims.rank would copy both structs to local memory. flat < 2^31
// (Java sizes are ints), so the divisions are 32-bit.
__device__ __forceinline__ long long position_of(const Dims& dims, const Strides& s, long long flat) {
    long long position = s.offset;
    unsigned int rest = (unsigned int)flat;
#pragma unroll
    for (int axis = JG_MAX_RANK - 1; axis >= 0; --axis) {
        if (axis < dims.rank) {
            unsigned int size = (unsigned int)dims.sizes[axis];
            position += (long long)(rest % size) * s.strides[axis];
            rest /= size;
        }
    }
    return position;
}

__device__ __forceinline__ bool is_nan(float x) { return x != x; }

// NOTE: Java's Math.max/min return NaN when either argument is NaN and order -0 below +0; fmaxf/fminf return
// the other argument for NaN. These two reproduce Java, so MAX reductions and MAXIMUM agree with the oracle.
__device__ __forceinline__ float java_max(float a, float b) {
    if (is_nan(a) || is_nan(b)) return a + b;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}

__device__ __forceinline__ float java_min(float a, float b) {
    if (is_nan(a) || is_nan(b)) return a + b;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}

// 1 / (1 + e^-x) without overflow: for x < 0 use e^x / (1 + e^x), whose e^x is at most 1.
__device__ __forceinline__ float stable_sigmoid(float x) {
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

// NOTE: C's powf(1, NaN) and powf(-1, +-inf) are 1; Java's Math.pow gives NaN for both. Follow Java.
__device__ __forceinline__ float java_pow(float a, float b) {
    if (is_nan(b)) return b;
    if (fabsf(a) == 1.0f && isinf(b)) return b - b;
    return powf(a, b);
}

// The pointwise kernels of io.jgrad.core.Fused, with the operations of their reference loops, in their order.
// NOTE: __fmul_rn rounds a product on its own, as Java does. Written as t * a + u * b, the expression may be
// contracted by nvcc into a fused multiply-add, which rounds once and so differs from the oracle.

// -(t ln p + (1 - t) ln(1 - p)), each logarithm clamped at -100 as in PyTorch (java_max: a NaN log stays NaN).
__device__ __forceinline__ float binary_cross_entropy(float p, float t) {
    float log_p = java_max(logf(p), -100.0f);
    float log_one_minus_p = java_max(logf(1.0f - p), -100.0f);
    return -(__fmul_rn(t, log_p) + __fmul_rn(1.0f - t, log_one_minus_p));
}

// d/dp of the above: (p - t) / (p (1 - p)), the denominator floored at 1e-12 as in PyTorch.
__device__ __forceinline__ float binary_cross_entropy_backward(float p, float t) {
    return (p - t) / java_max(p * (1.0f - p), 1e-12f);
}

__device__ __forceinline__ float apply_unary(int op, float x) {
    switch (op) {
        case U_COPY: return x;
        case U_NEG: return -x;
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_SQRT: return sqrtf(x);
        case U_SQUARE: return x * x;
        case U_ABS: return fabsf(x);
        case U_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);  // keeps +-0 and NaN, as Math.signum
        case U_RELU: return java_max(x, 0.0f);  // Math.max(x, 0f): NaN stays NaN, -0 gives +0
        case U_SIGMOID: return stable_sigmoid(x);
        case U_TANH: return tanhf(x);
        case U_RECIPROCAL: return 1.0f / x;
        default: return __int_as_float(0x7fc00000);  // an unknown code gives NaN, never a silent copy
    }
}

__device__ __forceinline__ float apply_binary(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return java_pow(a, b);
        case B_MAXIMUM: return java_max(a, b);
        case B_MINIMUM: return java_min(a, b);
        case B_EQ: return a == b ? 1.0f : 0.0f;
        case B_NE: return a != b ? 1.0f : 0.0f;
        case B_LT: return a < b ? 1.0f : 0.0f;
        case B_LE: return a <= b ? 1.0f : 0.0f;
        case B_GT: return a > b ? 1.0f : 0.0f;
        case B_GE: return a >= b ? 1.0f : 0.0f;
        case B_SIGMOID_BACKWARD: return b * a * (1.0f - a);          // a = y, b = g: g y (1 - y)
        case B_RELU_BACKWARD: return a > 0.0f ? b : 0.0f;            // a = y, b = g
        case B_BINARY_CROSS_ENTROPY: return binary_cross_entropy(a, b);
        case B_BINARY_CROSS_ENTROPY_BACKWARD: return binary_cross_entropy_backward(a, b);
        default: return __int_as_float(0x7fc00000);
    }
}

__device__ __forceinline__ float reduce_identity(int op) {
    return op == R_MAX ? -INFINITY : 0.0f;
}

__device__ __forceinline__ float reduce_combine(int op, float acc, float x) {
    return op == R_MAX ? java_max(acc, x) : acc + x;
}
