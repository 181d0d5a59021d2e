#include "CKernels.h"
#include <string.h>

// The Gram matrix of the exact solvers (ExactSolvers/CovarianceSolver.swift). The rows are
// taken in chunks of 256 (the chunk of every column stays in cache while all pairs of
// columns use it). Within a chunk, every entry Σ_i a[i]·b[i] accumulates in 8 lanes — lane
// l takes the chunk's elements i ≡ l (mod 8) in increasing order, the tail included — the
// lanes are added in one fixed tree, and the chunks' sums are added in order from 0. IEEE
// multiplies and adds only (no FMA contraction): the AVX-512, AVX2 and baseline builds of
// the one body below give identical bits; only their speed differs.

typedef double v8d __attribute__((vector_size(64)));

static inline __attribute__((always_inline)) v8d load8d(const double *p) {
    v8d x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline __attribute__((always_inline)) double reduce8d(v8d x) {
    double a = (x[0] + x[4]) + (x[2] + x[6]);
    double b = (x[1] + x[5]) + (x[3] + x[7]);
    return a + b;
}

enum { CHUNK = 256 };

/// One 4 × 4 tile over rows [r0, r0 + rows): adds to out[(j0 + a)·p + k0 + b] for the
/// columns j0+a (a < ja) and k0+b (b < kb).
static inline __attribute__((always_inline)) void tile(const double *x, size_t n, size_t r0, size_t rows, size_t p,
                                                       size_t j0, size_t ja, size_t k0, size_t kb, double *out) {
    const double *xj[4], *xk[4];
    for (size_t a = 0; a < 4; a++) xj[a] = x + (j0 + (a < ja ? a : ja - 1)) * n + r0;
    for (size_t b = 0; b < 4; b++) xk[b] = x + (k0 + (b < kb ? b : kb - 1)) * n + r0;
    n = rows;
    v8d acc[4][4];
    memset(acc, 0, sizeof acc);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        v8d u0 = load8d(xk[0] + i), u1 = load8d(xk[1] + i), u2 = load8d(xk[2] + i), u3 = load8d(xk[3] + i);
        for (size_t a = 0; a < 4; a++) {
            v8d y = load8d(xj[a] + i);
            acc[a][0] += y * u0;
            acc[a][1] += y * u1;
            acc[a][2] += y * u2;
            acc[a][3] += y * u3;
        }
    }
    for (size_t l = 0; i + l < n; l++) {
        for (size_t a = 0; a < 4; a++)
            for (size_t b = 0; b < 4; b++) acc[a][b][l] += xj[a][i + l] * xk[b][i + l];
    }
    for (size_t a = 0; a < ja; a++)
        for (size_t b = 0; b < kb; b++) out[(j0 + a) * p + k0 + b] += reduce8d(acc[a][b]);
}

/// The upper triangle by 4 × 4 tiles (a tile on the diagonal in full), then the mirror.
static inline __attribute__((always_inline)) void gram_body(const double *x, size_t n, size_t p, double *out) {
    memset(out, 0, p * p * sizeof(double));
    for (size_t r0 = 0; r0 < n; r0 += CHUNK) {
        size_t rows = n - r0 < CHUNK ? n - r0 : CHUNK;
        for (size_t k0 = 0; k0 < p; k0 += 4) {
            size_t kb = p - k0 < 4 ? p - k0 : 4;
            for (size_t j0 = 0; j0 <= k0; j0 += 4) {
                size_t ja = p - j0 < 4 ? p - j0 : 4;
                tile(x, n, r0, rows, p, j0, ja, k0, kb, out);
            }
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < j; k++)
            if (k / 4 != j / 4) out[j * p + k] = out[k * p + j];
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f")))
static void gram_avx512(const double *x, size_t n, size_t p, double *out) { gram_body(x, n, p, out); }

__attribute__((target("avx2")))
static void gram_avx2(const double *x, size_t n, size_t p, double *out) { gram_body(x, n, p, out); }
#endif

static void gram_baseline(const double *x, size_t n, size_t p, double *out) { gram_body(x, n, p, out); }

void regula_gram_variant(int level, const double *x, size_t n, size_t p, double *out) {
#if defined(__x86_64__) || defined(__i386__)
    if (level >= 2) { gram_avx512(x, n, p, out); return; }
    if (level == 1) { gram_avx2(x, n, p, out); return; }
#else
    (void)level;
#endif
    gram_baseline(x, n, p, out);
}

int regula_gram_level(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
}

void regula_gram(const double *x, size_t n, size_t p, double *out) {
    regula_gram_variant(regula_gram_level(), x, n, p, out);
}
