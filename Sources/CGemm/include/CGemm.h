// Regula's matrix products: the same bits on every CPU.
//
// Every output is one chain, c = 0; for k in 0..<K: c = fma(a_ik, b_kj, c), in increasing
// k, followed by one fixed epilogue (see regula_sgemm). The AVX-512, AVX2+FMA, NEON and
// scalar paths differ only in how many chains they run side by side, so they give
// identical bits by construction (docs/reproducibility.md).
#ifndef REGULA_CGEMM_H
#define REGULA_CGEMM_H

#include <stddef.h>

/// The kernel paths. The numbers are stable (tests and run records use the names).
typedef enum {
    REGULA_GEMM_SCALAR = 0,
    REGULA_GEMM_AVX2 = 1,
    REGULA_GEMM_AVX512 = 2,
    REGULA_GEMM_NEON = 3,
} RegulaGemmPath;

/// 1 when `path` can run on this CPU and was compiled into this binary, else 0.
int regula_gemm_path_available(int path);

/// The fastest path this CPU has.
int regula_gemm_best_path(void);

/// The path products use now (the best one until `regula_gemm_select` chose another).
int regula_gemm_current_path(void);

/// Makes every later product use `path`. Returns 0, or -1 (and changes nothing) when
/// the path is unknown or unavailable here.
int regula_gemm_select(int path);

/// `C ← α·op(A)·op(B) + β·C`, row-major, op transposing when the flag is nonzero.
/// The epilogue is fixed: with β = 0, C = α·p (C is not read); otherwise
/// C = α·p + β·C_old, each product and the sum rounded separately (no FMA); α = 1 and
/// β = 0 store p itself. Packing buffers are per thread and reused, so a call in the
/// steady state allocates nothing.
void regula_sgemm(
    int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
    const float *b, size_t ldb, float beta, float *c, size_t ldc);

/// The same on an explicitly chosen path (tests and benchmarks); the path must be
/// available (`regula_gemm_path_available`), else nothing is computed and -1 returned.
int regula_sgemm_on_path(
    int path, int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
    const float *b, size_t ldb, float beta, float *c, size_t ldc);

/// Double precision, same definition (one fma chain per output in increasing k, same
/// epilogue). One simple kernel serves every path, so its bits cannot depend on the CPU.
void regula_dgemm(
    int transA, int transB, size_t m, size_t n, size_t k, double alpha, const double *a, size_t lda,
    const double *b, size_t ldb, double beta, double *c, size_t ldc);

#endif
