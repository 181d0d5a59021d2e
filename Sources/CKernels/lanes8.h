// Eight float32 lanes for the C kernels (adam.c, penalty.c): loads, stores and the
// lane operations they share, every one a plain IEEE operation (no contraction).
#ifndef REGULA_LANES8_H
#define REGULA_LANES8_H

#include <stdint.h>
#include <string.h>

typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

static inline __attribute__((always_inline)) v8f load8(const float *p) {
    v8f x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline __attribute__((always_inline)) void store8(float *p, v8f x) { memcpy(p, &x, sizeof x); }

static inline __attribute__((always_inline)) v8f splat(float x) { return (v8f){x, x, x, x, x, x, x, x}; }

/// sign(x) with sign(0) = 0: ±1 carrying x's sign bit, masked where x == 0.
static inline __attribute__((always_inline)) v8f signum8(v8f x) {
    v8i bits = (v8i)x;
    v8i one = (bits & (int32_t)0x80000000) | 0x3F800000;
    v8i nonzero = x != splat(0);
    return (v8f)(one & nonzero);
}

static inline __attribute__((always_inline)) v8f abs8(v8f x) { return (v8f)((v8i)x & 0x7FFFFFFF); }

static inline __attribute__((always_inline)) v8f sqrt8(v8f x) {
#if __has_builtin(__builtin_elementwise_sqrt)
    return __builtin_elementwise_sqrt(x);
#else
    v8f r;
    for (int k = 0; k < 8; k++) r[k] = __builtin_sqrtf(x[k]);
    return r;
#endif
}

static inline __attribute__((always_inline)) float reduce8(v8f x) {
    // Fixed order: pairs, then pairs of pairs.
    float a = (x[0] + x[4]) + (x[2] + x[6]);
    float b = (x[1] + x[5]) + (x[3] + x[7]);
    return a + b;
}

#endif
