#include "CGemmSelfTest.h"
#include "CGemm.h"
#include <stdlib.h>
#include <string.h>

// (m, n, k): single elements, odd sizes around every path's tile, k across several
// K-blocks (up to 1000), m across several row blocks of A, and the training shapes.
static const size_t shapes[][3] = {
    {1, 1, 1},    {1, 7, 3},     {5, 3, 1},     {13, 33, 17},  {12, 32, 256}, {25, 47, 513},
    {37, 65, 300}, {128, 10, 512}, {10, 512, 128}, {3, 100, 1000}, {64, 64, 784}, {97, 31, 257},
    {500, 35, 20}, {7, 200, 5},    {6, 16, 2},    {49, 81, 769},
};
enum { SHAPES = sizeof shapes / sizeof shapes[0], FLAGS = 4 };

static const float epilogues[][2] = {{1, 0}, {0.5f, 0}, {1, 1}, {-1.5f, 0.25f}, {2, -1}};
enum { EPILOGUES = sizeof epilogues / sizeof epilogues[0] };

int regula_selftest_case_count(void) { return SHAPES * FLAGS; }

RegulaSelfTestCase regula_selftest_case(int index) {
    int s = index / FLAGS, flags = index % FLAGS;
    RegulaSelfTestCase c;
    c.transA = flags & 1;
    c.transB = (flags >> 1) & 1;
    c.m = shapes[s][0];
    c.n = shapes[s][1];
    c.k = shapes[s][2];
    size_t gap = (size_t)(index % 3);  // leading dimensions a little longer than the rows
    c.lda = (c.transA ? c.m : c.k) + gap;
    c.ldb = (c.transB ? c.k : c.n) + gap;
    c.ldc = c.n + gap;
    c.alpha = epilogues[index % EPILOGUES][0];
    c.beta = epilogues[index % EPILOGUES][1];
    c.special = index % 3 == 0;
    c.seed = 2654435761u * (uint32_t)(index + 1);
    return c;
}

size_t regula_selftest_a_count(const RegulaSelfTestCase *c) { return (c->transA ? c->k : c->m) * c->lda; }
size_t regula_selftest_b_count(const RegulaSelfTestCase *c) { return (c->transB ? c->n : c->k) * c->ldb; }
size_t regula_selftest_c_count(const RegulaSelfTestCase *c) { return c->m * c->ldc; }

/// xorshift32: the same sequence everywhere.
static uint32_t next(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/// A value in (−2, 2) with a full 24-bit significand, or now and then a special one.
static float value(uint32_t *state, int special) {
    uint32_t r = next(state);
    if (special && r % 61 == 0) {
        static const uint32_t bits[] = {0x7FC00000u, 0x7F800000u, 0xFF800000u, 0x80000000u, 0x00000003u, 0x80400000u};
        float x;
        memcpy(&x, &bits[(r / 61) % 6], sizeof x);
        return x;
    }
    return ((float)(int32_t)(r >> 8) - 8388608.0f) / 4194304.0f;
}

void regula_selftest_fill(const RegulaSelfTestCase *c, float *a, float *b, float *cInit) {
    uint32_t state = c->seed | 1;
    for (size_t i = 0; i < regula_selftest_a_count(c); i++) a[i] = value(&state, c->special);
    for (size_t i = 0; i < regula_selftest_b_count(c); i++) b[i] = value(&state, c->special);
    for (size_t i = 0; i < regula_selftest_c_count(c); i++) cInit[i] = value(&state, 0);
}

uint64_t regula_selftest_hash(const float *values, size_t count) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, &values[i], sizeof bits);
        if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu)) bits = 0x7FC00000u;
        for (int byte = 0; byte < 4; byte++) {
            h ^= (bits >> (8 * byte)) & 0xFF;
            h *= 1099511628211ull;
        }
    }
    return h;
}

uint64_t regula_selftest_run(int path, int index) {
    if (!regula_gemm_path_available(path)) return 0;
    RegulaSelfTestCase c = regula_selftest_case(index);
    float *a = malloc(regula_selftest_a_count(&c) * sizeof(float));
    float *b = malloc(regula_selftest_b_count(&c) * sizeof(float));
    float *out = malloc(regula_selftest_c_count(&c) * sizeof(float));
    if (!a || !b || !out) abort();
    regula_selftest_fill(&c, a, b, out);
    regula_sgemm_on_path(path, c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, c.lda, b, c.ldb, c.beta, out, c.ldc);
    uint64_t h = regula_selftest_hash(out, regula_selftest_c_count(&c));
    free(a);
    free(b);
    free(out);
    return h;
}
