#include "CKernels.h"
#include "lanes8.h"

// A weight penalty's tape node: grad += l1·sign(w) + l2x2·w (when `differentiate`), in
// that order per element, and the sums Σ|w| and Σw² over 8 lanes reduced in a fixed order.
static inline __attribute__((always_inline)) size_t penalty_body(
    const float *w, float *grad, size_t n, float l1, float l2x2, int differentiate, float sums[2]) {
    const v8f vl1 = splat(l1), vl2x2 = splat(l2x2), zero = splat(0);
    v8f absSum = zero, squareSum = zero;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        v8f wi = load8(w + i);
        if (differentiate) store8(grad + i, load8(grad + i) + vl1 * signum8(wi) + vl2x2 * wi);
        absSum += abs8(wi);
        squareSum += wi * wi;
    }
    sums[0] = reduce8(absSum);
    sums[1] = reduce8(squareSum);
    return i;
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2")))
static size_t penalty_avx2(const float *w, float *grad, size_t n, float l1, float l2x2, int differentiate, float sums[2]) {
    return penalty_body(w, grad, n, l1, l2x2, differentiate, sums);
}
#endif

static size_t penalty_baseline(const float *w, float *grad, size_t n, float l1, float l2x2, int differentiate, float sums[2]) {
    return penalty_body(w, grad, n, l1, l2x2, differentiate, sums);
}

size_t regula_penalty_gradient_variant(int avx2, const float *w, float *grad, size_t n, float l1, float l2x2,
                                       int differentiate, float sums[2]) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) return penalty_avx2(w, grad, n, l1, l2x2, differentiate, sums);
#else
    (void)avx2;
#endif
    return penalty_baseline(w, grad, n, l1, l2x2, differentiate, sums);
}

size_t regula_penalty_gradient(const float *w, float *grad, size_t n, float l1, float l2x2, int differentiate, float sums[2]) {
    return regula_penalty_gradient_variant(regula_kernels_use_avx2(), w, grad, n, l1, l2x2, differentiate, sums);
}
