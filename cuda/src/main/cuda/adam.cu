// Fused.Kernel.ADAM_STEP: one Adam step over a parameter, its gradient and its two moment buffers, all dense and of
// one length. The definition is ReferenceBackend#fused's loop (PyTorch's torch.optim.Adam, no weight decay, no
// amsgrad); this does its operations in its order. The host computes step_size = lr / (1 - b1^t) and
// bias_root = sqrt(1 - b2^t) once per step and passes them in.
//
// NOTE: every product is __fmul_rn, so nvcc cannot contract a product and the sum after it into one fused
// multiply-add; with IEEE sqrtf and division (no --use_fast_math) each operation then rounds as Java's does, and
// the result is bit for bit the CPU backends'.
#include "common.cuh"

extern "C" __global__ void adam_step(int n, float* param, const float* grad, float* m, float* v, float beta1,
                                     float beta2, float eps, float step_size, float bias_root) {
    GRID_STRIDE_LOOP(i, n) {
        float g = grad[i];
        float mi = __fmul_rn(beta1, m[i]) + __fmul_rn(1.0f - beta1, g);
        float vi = __fmul_rn(beta2, v[i]) + __fmul_rn(__fmul_rn(g, g), 1.0f - beta2);
        m[i] = mi;
        v[i] = vi;
        float denominator = sqrtf(vi) / bias_root + eps;
        param[i] -= __fmul_rn(mi / denominator, step_size);
    }
}
