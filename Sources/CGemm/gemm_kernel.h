// What a kernel path contributes to the shared driver (sgemm.c): its register tile and
// cache blocks, and its microkernel. Internal to CGemm.
#ifndef REGULA_GEMM_KERNEL_H
#define REGULA_GEMM_KERNEL_H

#include <stddef.h>

/// Runs `kc` steps of the chains of one `mr × nr` tile of C: for p in 0..<kc, for every
/// (i, j): c_ij = fma(a[p·mr + i], b[p·bStride + j], c_ij). With `accumulate` 0 the chains
/// start from +0; with 1 they continue from the values in `c` (an earlier K-block's
/// partial chains). `a` is a packed panel; `b` a packed panel (`bStride` = nr) or B's own
/// rows (`bStride` = ldb); `c` is row-major with row stride `ldc`.
typedef void (*RegulaMicrokernel)(size_t kc, const float *a, const float *b, size_t bStride, float *c, size_t ldc,
                                  int accumulate);

typedef struct RegulaGemmKernel {
    int mr, nr;        // register tile: rows of C × columns of C
    size_t kc;         // most k steps per K-block (the B micro-panel, kc × nr, stays in L1)
    size_t mc;         // most rows of C per packed block of A (mc × kc stays in L2); a multiple of mr
    RegulaMicrokernel kernel;
    const struct RegulaGemmKernel *narrow;  // for products at most narrow->nr columns wide, or NULL
} RegulaGemmKernel;

/// The largest register tile of any path (the driver's edge-tile buffer).
enum { REGULA_GEMM_MAX_MR = 16, REGULA_GEMM_MAX_NR = 64 };

extern const RegulaGemmKernel regula_gemm_scalar_kernel;
#if defined(__x86_64__)
extern const RegulaGemmKernel regula_gemm_avx2_kernel;
extern const RegulaGemmKernel regula_gemm_avx512_kernel;
#endif
#if defined(__aarch64__)
extern const RegulaGemmKernel regula_gemm_neon_kernel;
#endif

/// Rows `i0 ..< i0+rows` and steps `p0 ..< p0+kc` of op(A) as micro-panels of `mr` rows:
/// panel r holds, for each step p, the `mr` values op(A)[i0 + r·mr + i][p0 + p] (zeros past
/// the last row). Never pads k.
void regula_gemm_pack_a(int trans, const float *a, size_t lda, size_t i0, size_t rows, size_t p0, size_t kc, int mr,
                        float *out);

/// Steps `p0 ..< p0+kc` and columns `0 ..< n` of op(B) as micro-panels of `nr` columns:
/// panel q holds, for each step p, the `nr` values op(B)[p0 + p][q·nr + j] (zeros past the
/// last column). Never pads k.
void regula_gemm_pack_b(int trans, const float *b, size_t ldb, size_t p0, size_t kc, size_t n, int nr, float *out);

/// The kernel of an available path, or NULL.
const RegulaGemmKernel *regula_gemm_kernel_for_path(int path);

#endif
