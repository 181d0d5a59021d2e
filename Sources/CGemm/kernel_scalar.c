// The portable path: the reference definition in plain C, one fmaf per step.
#include "gemm_kernel.h"
#include <math.h>

enum { MR = 4, NR = 4 };

static void kernel_scalar(size_t kc, const float *a, const float *b, size_t bStride, float *c, size_t ldc, int accumulate) {
    float acc[MR][NR];
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NR; j++) acc[i][j] = accumulate ? c[i * ldc + j] : 0.0f;
    for (size_t p = 0; p < kc; p++) {
        for (int i = 0; i < MR; i++)
            for (int j = 0; j < NR; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        a += MR;
        b += bStride;
    }
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NR; j++) c[i * ldc + j] = acc[i][j];
}

const RegulaGemmKernel regula_gemm_scalar_kernel = {MR, NR, 256, 128, kernel_scalar, 0};
