// One Adam step over a parameter, its gradient and its two moment buffers, all dense and of one length.
//
// PyTorch's formula (torch.optim.Adam, no weight decay, no amsgrad), with t the step number from 1:
//   m = b1 m + (1 - b1) g            v = b2 v + (1 - b2) g^2
//   p -= step_size * m / (sqrt(v) / sqrt(1 - b2^t) + eps),   step_size = lr / (1 - b1^t)
// The host computes step_size and sqrt(1 - b2^t) in double once per step and passes them in.
#include "common.cuh"

extern "C" __global__ void adam_step(int n, float* param, const float* grad, float* m, float* v, float beta1,
                                     float beta2, float eps, float step_size, float bias_correction2_sqrt) {
    GRID_STRIDE_LOOP(i, n) {
        float g = grad[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        float denom = sqrtf(vi) / bias_correction2_sqrt + eps;
        param[i] -= step_size * (mi / denom);
    }
}
