// The AVX-512 path: an 8 × 32 tile of C in 16 zmm registers, each lane one chain
// (8 rows divide the batch sizes that matter; 12 rows measured 3–8% slower on them).
#include "gemm_kernel.h"

#if defined(__x86_64__)
#include <immintrin.h>

enum { MR = 8, NR = 32 };

__attribute__((target("avx512f")))
static void kernel_avx512(size_t kc, const float *a, const float *b, size_t bStride, float *c, size_t ldc, int accumulate) {
    __m512 c0[MR], c1[MR];
    for (int i = 0; i < MR; i++) {
        c0[i] = accumulate ? _mm512_loadu_ps(c + i * ldc) : _mm512_setzero_ps();
        c1[i] = accumulate ? _mm512_loadu_ps(c + i * ldc + 16) : _mm512_setzero_ps();
    }
    for (size_t p = 0; p < kc; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        for (int i = 0; i < MR; i++) {
            __m512 ai = _mm512_set1_ps(a[i]);
            c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
            c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
        }
        a += MR;
        b += bStride;
    }
    for (int i = 0; i < MR; i++) {
        _mm512_storeu_ps(c + i * ldc, c0[i]);
        _mm512_storeu_ps(c + i * ldc + 16, c1[i]);
    }
}

/// Products at most 16 columns wide (a 10-class output layer): a 16 × 16 tile, so that
/// fewer of the lanes compute padding.
enum { NARROW_MR = 16, NARROW_NR = 16 };

__attribute__((target("avx512f")))
static void kernel_avx512_narrow(size_t kc, const float *a, const float *b, size_t bStride, float *c, size_t ldc, int accumulate) {
    __m512 acc[NARROW_MR];
    for (int i = 0; i < NARROW_MR; i++) acc[i] = accumulate ? _mm512_loadu_ps(c + i * ldc) : _mm512_setzero_ps();
    for (size_t p = 0; p < kc; p++) {
        __m512 b0 = _mm512_loadu_ps(b);
        for (int i = 0; i < NARROW_MR; i++) acc[i] = _mm512_fmadd_ps(_mm512_set1_ps(a[i]), b0, acc[i]);
        a += NARROW_MR;
        b += bStride;
    }
    for (int i = 0; i < NARROW_MR; i++) _mm512_storeu_ps(c + i * ldc, acc[i]);
}

static const RegulaGemmKernel narrow = {NARROW_MR, NARROW_NR, 256, 256, kernel_avx512_narrow, 0};
const RegulaGemmKernel regula_gemm_avx512_kernel = {MR, NR, 256, 256, kernel_avx512, &narrow};
#endif
