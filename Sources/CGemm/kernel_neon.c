// The arm64 NEON path: an 8 × 12 tile of C in 24 q registers, each lane one chain.
#include "gemm_kernel.h"

#if defined(__aarch64__)
#include <arm_neon.h>

enum { MR = 8, NR = 12 };

static void kernel_neon(size_t kc, const float *a, const float *b, size_t bStride, float *c, size_t ldc, int accumulate) {
    float32x4_t acc[MR][3];
    for (int i = 0; i < MR; i++)
        for (int v = 0; v < 3; v++) acc[i][v] = accumulate ? vld1q_f32(c + i * ldc + 4 * v) : vdupq_n_f32(0.0f);
    for (size_t p = 0; p < kc; p++) {
        float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4), b2 = vld1q_f32(b + 8);
        for (int i = 0; i < MR; i++) {
            // vfmaq_f32(acc, x, y) is acc + x·y with one rounding: fma(a_i, b_j, acc).
            float32x4_t ai = vdupq_n_f32(a[i]);
            acc[i][0] = vfmaq_f32(acc[i][0], ai, b0);
            acc[i][1] = vfmaq_f32(acc[i][1], ai, b1);
            acc[i][2] = vfmaq_f32(acc[i][2], ai, b2);
        }
        a += MR;
        b += bStride;
    }
    for (int i = 0; i < MR; i++)
        for (int v = 0; v < 3; v++) vst1q_f32(c + i * ldc + 4 * v, acc[i][v]);
}

const RegulaGemmKernel regula_gemm_neon_kernel = {MR, NR, 256, 192, kernel_neon, 0};
#endif
