// Batched single-precision matrix product: C[b] (+)= A[b] @ B[b], A [m, k], B [k, n], C [m, n], any strides.
//
// The tiled kernels (sgemm_rr, sgemm_rc, sgemm_cr, sgemm_cc) give each block of 256 threads a 128x128 tile
// of C and each thread an 8x8 sub-tile of it, held in 64 registers. The k axis is walked 8 at a time: the
// block stages an [8 x 128] slice of A and of B in shared memory, then every thread does 8 rank-1 updates
// of its 8x8 registers from 8 values of A and 8 of B. Each value fetched from global memory is used 128
// times from shared memory, each value read from shared memory 8 times from registers.
//
// The two letters say which axis of A and of B has stride 1, which decides how threads map onto a tile so
// that neighbouring threads read neighbouring addresses:
//   A: r = row-major (stride 1 along k), c = column-major (stride 1 along m, e.g. a transposed view)
//   B: r = row-major (stride 1 along n), c = column-major (stride 1 along k)
// Loads use float4 when the host found the operand 16-byte aligned along its unit-stride axis (vector_a,
// vector_b); edge tiles fall back to guarded scalar loads, so m, n and k can be anything. Scalar loads
// use both strides, so a tiled kernel is correct for any layout; the mapping only affects speed.
// sgemm_strided is the simple fallback for layouts with no unit stride: one thread per element of C.
#include "common.cuh"

#define BM 128
#define BN 128
#define BK 8
#define TM 8
#define TN 8
#define THREADS 256  // (BM / TM) * (BN / TN)

// Where one operand lives: element (row, col) of batch b is at offset + b*batch + row*rows + col*cols.
struct Matrix {
    int offset;
    int batch;
    int rows;
    int cols;
};

// Everything a product needs besides the three pointers. Java packs it as ints in this order (GemmPlan).
struct Gemm {
    int batch, m, n, k;
    int accumulate;                     // 1: C += A B, 0: C = A B
    int vector_a, vector_b, vector_c;   // 1: float4 access along the unit-stride axis is 16-byte aligned
    Matrix a, b, c;
};

__device__ __forceinline__ float at(const float* base, const Matrix& x, int row, int col) {
    return base[(long long)row * x.rows + (long long)col * x.cols];
}

// Stages A[row0 .. row0+127, k0 .. k0+7] as As[p][i] = A[row0 + i, k0 + p] (zero outside the matrix).
template <bool A_ROW_MAJOR>
__device__ __forceinline__ void load_a(float (*As)[BM], const float* a, const Gemm& g, int row0, int k0) {
    int tid = threadIdx.x;
    // Row-major: thread reads 4 consecutive k of one row. Column-major: 4 consecutive rows of one k.
    int i = A_ROW_MAJOR ? tid / 2 : (tid % 32) * 4;
    int p = A_ROW_MAJOR ? (tid % 2) * 4 : tid / 32;
    int row = row0 + i;
    int k = k0 + p;
    float v[4];
    bool whole = A_ROW_MAJOR ? (row < g.m && k + 3 < g.k) : (row + 3 < g.m && k < g.k);
    if (g.vector_a && whole) {
        float4 q = load4(a + (A_ROW_MAJOR ? (long long)row * g.a.rows + k : (long long)k * g.a.cols + row));
        v[0] = q.x; v[1] = q.y; v[2] = q.z; v[3] = q.w;
    } else {
        for (int q = 0; q < 4; ++q) {
            int r = A_ROW_MAJOR ? row : row + q;
            int c = A_ROW_MAJOR ? k + q : k;
            v[q] = (r < g.m && c < g.k) ? at(a, g.a, r, c) : 0.0f;
        }
    }
    for (int q = 0; q < 4; ++q) {
        if (A_ROW_MAJOR) As[p + q][i] = v[q]; else As[p][i + q] = v[q];
    }
}

// Stages B[k0 .. k0+7, col0 .. col0+127] as Bs[p][j] = B[k0 + p, col0 + j] (zero outside the matrix).
template <bool B_ROW_MAJOR>
__device__ __forceinline__ void load_b(float (*Bs)[BN], const float* b, const Gemm& g, int k0, int col0) {
    int tid = threadIdx.x;
    // Row-major: thread reads 4 consecutive columns of one k. Column-major: 4 consecutive k of one column.
    int j = B_ROW_MAJOR ? (tid % 32) * 4 : tid / 2;
    int p = B_ROW_MAJOR ? tid / 32 : (tid % 2) * 4;
    int col = col0 + j;
    int k = k0 + p;
    float v[4];
    bool whole = B_ROW_MAJOR ? (k < g.k && col + 3 < g.n) : (k + 3 < g.k && col < g.n);
    if (g.vector_b && whole) {
        float4 q = load4(b + (B_ROW_MAJOR ? (long long)k * g.b.rows + col : (long long)col * g.b.cols + k));
        v[0] = q.x; v[1] = q.y; v[2] = q.z; v[3] = q.w;
    } else {
        for (int q = 0; q < 4; ++q) {
            int r = B_ROW_MAJOR ? k : k + q;
            int c = B_ROW_MAJOR ? col + q : col;
            v[q] = (r < g.k && c < g.n) ? at(b, g.b, r, c) : 0.0f;
        }
    }
    for (int q = 0; q < 4; ++q) {
        if (B_ROW_MAJOR) Bs[p][j + q] = v[q]; else Bs[p + q][j] = v[q];
    }
}

// Writes (or adds) the thread's 8x8 registers to C; 4 columns at a time with float4 where aligned and whole.
__device__ __forceinline__ void store_c(float* c, const Gemm& g, float (*acc)[TN], int row0, int col0) {
    for (int i = 0; i < TM; ++i) {
        int row = row0 + i;
        if (row >= g.m) break;
        for (int j = 0; j < TN; j += 4) {
            int col = col0 + j;
            if (g.vector_c && col + 3 < g.n) {
                float* p = c + (long long)row * g.c.rows + col;
                float4 v = make_float4(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]);
                if (g.accumulate) {
                    float4 old = load4(p);
                    v.x += old.x; v.y += old.y; v.z += old.z; v.w += old.w;
                }
                store4(p, v);
            } else {
                for (int q = 0; q < 4 && col + q < g.n; ++q) {
                    float* p = c + (long long)row * g.c.rows + (long long)(col + q) * g.c.cols;
                    *p = g.accumulate ? *p + acc[i][j + q] : acc[i][j + q];
                }
            }
        }
    }
}

template <bool A_ROW_MAJOR, bool B_ROW_MAJOR>
__device__ __forceinline__ void sgemm_tiled(const float* A, const float* B, float* C, const Gemm& g) {
    __shared__ __align__(16) float As[BK][BM];
    __shared__ __align__(16) float Bs[BK][BN];
    int thread_row = threadIdx.x / (BN / TN);  // 0..15: this thread's rows are thread_row*8 .. +7 of the tile
    int thread_col = threadIdx.x % (BN / TN);  // 0..15: its columns thread_col*8 .. +7
    int row0 = blockIdx.y * BM;
    int col0 = blockIdx.x * BN;
    for (int batch = blockIdx.z; batch < g.batch; batch += gridDim.z) {
        const float* a = A + g.a.offset + (long long)batch * g.a.batch;
        const float* b = B + g.b.offset + (long long)batch * g.b.batch;
        float* c = C + g.c.offset + (long long)batch * g.c.batch;
        float acc[TM][TN];
        for (int i = 0; i < TM; ++i)
            for (int j = 0; j < TN; ++j) acc[i][j] = 0.0f;
        for (int k0 = 0; k0 < g.k; k0 += BK) {
            load_a<A_ROW_MAJOR>(As, a, g, row0, k0);
            load_b<B_ROW_MAJOR>(Bs, b, g, k0, col0);
            __syncthreads();
#pragma unroll
            for (int p = 0; p < BK; ++p) {
                float ra[TM], rb[TN];
                float4 a0 = *reinterpret_cast<const float4*>(&As[p][thread_row * TM]);
                float4 a1 = *reinterpret_cast<const float4*>(&As[p][thread_row * TM + 4]);
                float4 b0 = *reinterpret_cast<const float4*>(&Bs[p][thread_col * TN]);
                float4 b1 = *reinterpret_cast<const float4*>(&Bs[p][thread_col * TN + 4]);
                ra[0] = a0.x; ra[1] = a0.y; ra[2] = a0.z; ra[3] = a0.w;
                ra[4] = a1.x; ra[5] = a1.y; ra[6] = a1.z; ra[7] = a1.w;
                rb[0] = b0.x; rb[1] = b0.y; rb[2] = b0.z; rb[3] = b0.w;
                rb[4] = b1.x; rb[5] = b1.y; rb[6] = b1.z; rb[7] = b1.w;
#pragma unroll
                for (int i = 0; i < TM; ++i)
#pragma unroll
                    for (int j = 0; j < TN; ++j) acc[i][j] += ra[i] * rb[j];
            }
            __syncthreads();  // the next k0 overwrites As and Bs
        }
        store_c(c, g, acc, row0 + thread_row * TM, col0 + thread_col * TN);
    }
}

extern "C" __global__ void __launch_bounds__(THREADS) sgemm_rr(const float* a, const float* b, float* c, Gemm g) {
    sgemm_tiled<true, true>(a, b, c, g);
}
extern "C" __global__ void __launch_bounds__(THREADS) sgemm_rc(const float* a, const float* b, float* c, Gemm g) {
    sgemm_tiled<true, false>(a, b, c, g);
}
extern "C" __global__ void __launch_bounds__(THREADS) sgemm_cr(const float* a, const float* b, float* c, Gemm g) {
    sgemm_tiled<false, true>(a, b, c, g);
}
extern "C" __global__ void __launch_bounds__(THREADS) sgemm_cc(const float* a, const float* b, float* c, Gemm g) {
    sgemm_tiled<false, false>(a, b, c, g);
}

// The fallback for any strides: 16x16 threads, one element of C each, staging 16x16 tiles of A and B.
#define FT 16
extern "C" __global__ void sgemm_strided(const float* A, const float* B, float* C, Gemm g) {
    __shared__ float As[FT][FT + 1];
    __shared__ float Bs[FT][FT + 1];
    int ty = threadIdx.y;
    int tx = threadIdx.x;
    int row = blockIdx.y * FT + ty;
    int col = blockIdx.x * FT + tx;
    for (int batch = blockIdx.z; batch < g.batch; batch += gridDim.z) {
        const float* a = A + g.a.offset + (long long)batch * g.a.batch;
        const float* b = B + g.b.offset + (long long)batch * g.b.batch;
        float sum = 0.0f;
        for (int k0 = 0; k0 < g.k; k0 += FT) {
            As[ty][tx] = (row < g.m && k0 + tx < g.k) ? at(a, g.a, row, k0 + tx) : 0.0f;
            Bs[ty][tx] = (k0 + ty < g.k && col < g.n) ? at(b, g.b, k0 + ty, col) : 0.0f;
            __syncthreads();
            for (int p = 0; p < FT; ++p) sum += As[ty][p] * Bs[p][tx];
            __syncthreads();
        }
        if (row < g.m && col < g.n) {
            float* p = C + g.c.offset + (long long)batch * g.c.batch + (long long)row * g.c.rows + (long long)col * g.c.cols;
            *p = g.accumulate ? *p + sum : sum;
        }
    }
}
