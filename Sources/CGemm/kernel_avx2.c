// The AVX2+FMA path: a 6 × 16 tile of C in twelve ymm registers, each lane one chain.
#include "gemm_kernel.h"

#if defined(__x86_64__)
#include <immintrin.h>

enum { MR = 6, NR = 16 };

__attribute__((target("avx2,fma")))
static void kernel_avx2(size_t kc, const float *a, const float *b, size_t bStride, float *c, size_t ldc, int accumulate) {
    __m256 c0[MR], c1[MR];
    for (int i = 0; i < MR; i++) {
        c0[i] = accumulate ? _mm256_loadu_ps(c + i * ldc) : _mm256_setzero_ps();
        c1[i] = accumulate ? _mm256_loadu_ps(c + i * ldc + 8) : _mm256_setzero_ps();
    }
    for (size_t p = 0; p < kc; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        for (int i = 0; i < MR; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i);
            c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
            c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
        }
        a += MR;
        b += bStride;
    }
    for (int i = 0; i < MR; i++) {
        _mm256_storeu_ps(c + i * ldc, c0[i]);
        _mm256_storeu_ps(c + i * ldc + 8, c1[i]);
    }
}

const RegulaGemmKernel regula_gemm_avx2_kernel = {MR, NR, 256, 144, kernel_avx2, 0};
#endif
