// Packing: copying panels of A and B into the order the microkernels read them. Pure
// data movement (no arithmetic), so how it is done cannot change a bit; it only has to
// be fast, because every product packs its operands again. The transposing cases (rows
// of A, and B given transposed) go through 8 × 8 AVX2 or 4 × 4 SSE block transposes.
#include "gemm_kernel.h"
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void transpose8x8(const float *src, size_t ld, float *dst, size_t stride) {
    __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + ld), r2 = _mm256_loadu_ps(src + 2 * ld),
           r3 = _mm256_loadu_ps(src + 3 * ld), r4 = _mm256_loadu_ps(src + 4 * ld), r5 = _mm256_loadu_ps(src + 5 * ld),
           r6 = _mm256_loadu_ps(src + 6 * ld), r7 = _mm256_loadu_ps(src + 7 * ld);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
           t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
           t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE),
           u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE),
           u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
           u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(dst + stride, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(dst + 2 * stride, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(dst + 3 * stride, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(dst + 4 * stride, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(dst + 5 * stride, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(dst + 6 * stride, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(dst + 7 * stride, _mm256_permute2f128_ps(u3, u7, 0x31));
}

/// Rows [0, rows8) in blocks of 8 with AVX2 (a multiple of 8 rows, cols ≥ 8 done in blocks).
__attribute__((target("avx2")))
static size_t transposeRows8(const float *src, size_t ld, size_t rows, size_t cols, float *dst, size_t stride) {
    size_t r = 0;
    for (; r + 8 <= rows; r += 8) {
        size_t c = 0;
        for (; c + 8 <= cols; c += 8) transpose8x8(src + r * ld + c, ld, dst + c * stride + r, stride);
        for (; c < cols; c++)
            for (size_t i = 0; i < 8; i++) dst[c * stride + r + i] = src[(r + i) * ld + c];
    }
    return r;
}

static void transpose4x4(const float *src, size_t ld, float *dst, size_t stride) {
    __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + ld), r2 = _mm_loadu_ps(src + 2 * ld),
           r3 = _mm_loadu_ps(src + 3 * ld);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(dst, r0);
    _mm_storeu_ps(dst + stride, r1);
    _mm_storeu_ps(dst + 2 * stride, r2);
    _mm_storeu_ps(dst + 3 * stride, r3);
}
#endif

/// dst[c·stride + r] = src[r·ld + c] for r < rows, c < cols.
static void transpose(const float *src, size_t ld, size_t rows, size_t cols, float *dst, size_t stride) {
    size_t r = 0;
#if defined(__x86_64__)
    // __builtin_cpu_supports reads the CPU model filled in at load time: a plain load.
    if (__builtin_cpu_supports("avx2")) r = transposeRows8(src, ld, rows, cols, dst, stride);
    for (; r + 4 <= rows; r += 4) {
        size_t c = 0;
        for (; c + 4 <= cols; c += 4) transpose4x4(src + r * ld + c, ld, dst + c * stride + r, stride);
        for (; c < cols; c++)
            for (size_t i = 0; i < 4; i++) dst[c * stride + r + i] = src[(r + i) * ld + c];
    }
#endif
    for (; r < rows; r++)
        for (size_t c = 0; c < cols; c++) dst[c * stride + r] = src[r * ld + c];
}

void regula_gemm_pack_a(int trans, const float *a, size_t lda, size_t i0, size_t rows, size_t p0, size_t kc, int mr,
                        float *out) {
    for (size_t r = 0; r < rows; r += mr) {
        size_t live = rows - r < (size_t)mr ? rows - r : (size_t)mr;
        if (trans) {  // op(A)[i][p] = a[p·lda + i]: each step's mr values are contiguous
            for (size_t p = 0; p < kc; p++) {
                float *dst = out + p * mr;
                memcpy(dst, a + (p0 + p) * lda + i0 + r, live * sizeof(float));
                for (size_t i = live; i < (size_t)mr; i++) dst[i] = 0;
            }
        } else {  // op(A)[i][p] = a[i·lda + p]: a transpose of live rows × kc
            transpose(a + (i0 + r) * lda + p0, lda, live, kc, out, mr);
            for (size_t p = 0; p < kc; p++)
                for (size_t i = live; i < (size_t)mr; i++) out[p * mr + i] = 0;
        }
        out += kc * mr;
    }
}

void regula_gemm_pack_b(int trans, const float *b, size_t ldb, size_t p0, size_t kc, size_t n, int nr, float *out) {
    for (size_t q = 0; q < n; q += nr) {
        size_t live = n - q < (size_t)nr ? n - q : (size_t)nr;
        if (trans) {  // op(B)[p][j] = b[j·ldb + p]: a transpose of live rows of b × kc
            transpose(b + q * ldb + p0, ldb, live, kc, out, nr);
            for (size_t p = 0; p < kc; p++)
                for (size_t j = live; j < (size_t)nr; j++) out[p * nr + j] = 0;
        } else {
            for (size_t p = 0; p < kc; p++) {
                float *dst = out + p * nr;
                memcpy(dst, b + (p0 + p) * ldb + q, live * sizeof(float));
                for (size_t j = live; j < (size_t)nr; j++) dst[j] = 0;
            }
        }
        out += kc * nr;
    }
}
