// Vector kernels of the training engine that Swift cannot express at full speed without
// compiling everything for one CPU: an AVX2 build and a baseline (SSE2) build of the same
// source, picked at run time. Both do the same IEEE operations in the same order on
// the same 8-lane groups (no FMA contraction), so they give identical bits.
#ifndef REGULA_CKERNELS_H
#define REGULA_CKERNELS_H

#include <stddef.h>

/// Constants of one Adam / AdamW update (see OptimizerStep.swift for the formulas).
typedef struct {
    float wd;          // coupled weight decay (Adam), 0 for AdamW
    float factor;      // decoupled decay factor 1 − η·wd (AdamW), 1 for Adam
    float weight1;     // 1 − β₁
    float beta2;       // β₂
    float oneMinusBeta2;
    float negStepSize; // −η/(1 − β₁ᵗ)
    float correction2Sqrt; // √(1 − β₂ᵗ)
    float eps;
    float threshold;   // proximal threshold η·λ (0: none)
} RegulaAdamConstants;

/// Adam's update on the first `n − n % 8` elements of the gradient (penalty gradients
/// already added by the training tape): writes `out`, `m`, `v`; `sums[0]` gets Σ0·out
/// (NaN/∞ check) over 8 interleaved lanes reduced in a fixed order. Returns the number of
/// elements done (a multiple of 8).
size_t regula_adam_update(
    const RegulaAdamConstants *c, const float *w, const float *grad, float *m, float *v, float *out,
    size_t n, float sums[1]);

/// The same with the build chosen by the caller (tests): `avx2` 1 for the AVX2 build (only
/// on a CPU that has AVX2), 0 for the baseline build.
size_t regula_adam_update_variant(
    int avx2, const RegulaAdamConstants *c, const float *w, const float *grad, float *m, float *v, float *out,
    size_t n, float sums[1]);

/// A weight penalty's tape node on the first `n − n % 8` elements: `grad += l1·sign(w) +
/// l2x2·w` when `differentiate` (per element, in that order), `sums` gets Σ|w| and Σw² over
/// 8 interleaved lanes reduced in a fixed order. Returns the number of elements done.
size_t regula_penalty_gradient(const float *w, float *grad, size_t n, float l1, float l2x2, int differentiate,
                               float sums[2]);

/// The same with the build chosen by the caller (tests).
size_t regula_penalty_gradient_variant(int avx2, const float *w, float *grad, size_t n, float l1, float l2x2,
                                       int differentiate, float sums[2]);

/// 1 when the AVX2 build runs, 0 for the baseline build.
int regula_kernels_use_avx2(void);

/// The Gram matrix of `p` columns of `n` doubles stored one after another
/// (`x[j·n + i]`): `out[j·p + k] = Σ_i x[j·n+i]·x[k·n+i]`, each sum taken over chunks of 256
/// rows in order, each chunk over 8 lanes added in a fixed tree (see gram.c), so the
/// AVX-512, AVX2 and baseline builds give identical bits.
void regula_gram(const double *x, size_t n, size_t p, double *out);

/// The same with the build chosen by the caller (tests): 2 AVX-512, 1 AVX2 (only on a CPU
/// that has them), 0 baseline.
void regula_gram_variant(int level, const double *x, size_t n, size_t p, double *out);

/// The build `regula_gram` runs: 2 AVX-512, 1 AVX2, 0 baseline.
int regula_gram_level(void);

#endif
