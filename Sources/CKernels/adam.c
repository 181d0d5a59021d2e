#include "CKernels.h"
#include "lanes8.h"

// The operations and their order are those of the Swift lanes loop in OptimizerStep.swift
// (and of torch.optim.Adam's single-tensor path).
static inline __attribute__((always_inline)) size_t adam_body(
    const RegulaAdamConstants *c, const float *w, const float *grad, float *m, float *v, float *out,
    size_t n, float sums[1]) {
    const v8f wd = splat(c->wd), factor = splat(c->factor);
    const v8f w1 = splat(c->weight1), b2 = splat(c->beta2), omb2 = splat(c->oneMinusBeta2);
    const v8f negStep = splat(c->negStepSize), c2 = splat(c->correction2Sqrt), eps = splat(c->eps);
    const v8f threshold = splat(c->threshold), zero = splat(0);
    const int proximal = c->threshold != 0;
    v8f check = zero;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        v8f wi = load8(w + i);
        v8f g = load8(grad + i) + wd * wi;
        v8f m0 = load8(m + i);
        v8f mi = m0 + w1 * (g - m0);
        store8(m + i, mi);
        v8f vi = load8(v + i) * b2 + omb2 * g * g;
        store8(v + i, vi);
        v8f result = wi * factor + negStep * mi / (sqrt8(vi) / c2 + eps);
        if (proximal) {
            v8f shrunk = abs8(result) - threshold;
            v8i positive = shrunk >= zero;  // (shrunk < 0 → 0); NaN stays NaN below via sign·NaN
            v8f kept = (v8f)((v8i)shrunk & (positive | (shrunk != shrunk)));
            // + 0: an exact zero from a negative weight is sign·0 = −0; adding +0 makes
            // it +0 and leaves every other value (and NaN) as it is.
            result = signum8(result) * kept + zero;
        }
        check += result * zero;
        store8(out + i, result);
    }
    sums[0] = reduce8(check);
    return i;
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2")))
static size_t adam_avx2(const RegulaAdamConstants *c, const float *w, const float *grad, float *m, float *v,
                        float *out, size_t n, float sums[1]) {
    return adam_body(c, w, grad, m, v, out, n, sums);
}
#endif

static size_t adam_baseline(const RegulaAdamConstants *c, const float *w, const float *grad, float *m, float *v,
                            float *out, size_t n, float sums[1]) {
    return adam_body(c, w, grad, m, v, out, n, sums);
}

int regula_kernels_use_avx2(void) {
#if defined(__x86_64__) || defined(__i386__)
    // Reads the CPU model that compiler-rt / libgcc fill in at load time.
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;  // other architectures: the baseline build (the compiler's own vectors)
#endif
}

size_t regula_adam_update_variant(int avx2, const RegulaAdamConstants *c, const float *w, const float *grad, float *m,
                                  float *v, float *out, size_t n, float sums[1]) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) return adam_avx2(c, w, grad, m, v, out, n, sums);
#else
    (void)avx2;
#endif
    return adam_baseline(c, w, grad, m, v, out, n, sums);
}

size_t regula_adam_update(const RegulaAdamConstants *c, const float *w, const float *grad, float *m, float *v,
                          float *out, size_t n, float sums[1]) {
    return regula_adam_update_variant(regula_kernels_use_avx2(), c, w, grad, m, v, out, n, sums);
}
