// The kernels' self-test cases: shapes, flags, α/β and special values, generated the same
// way on every machine, so a case's result hash can be compared across paths and across
// CPUs (the aarch64 build of this file runs under qemu; see KernelPathTests).
#ifndef REGULA_CGEMM_SELFTEST_H
#define REGULA_CGEMM_SELFTEST_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int transA, transB;
    size_t m, n, k;
    size_t lda, ldb, ldc;  // at least the rows' lengths; larger ones leave gaps
    float alpha, beta;
    int special;           // 1: the inputs include NaN, ±Inf, −0 and subnormals
    uint32_t seed;
} RegulaSelfTestCase;

int regula_selftest_case_count(void);
RegulaSelfTestCase regula_selftest_case(int index);

/// Elements of A, B and C for the case (C's values matter when β ≠ 0, and its gaps past
/// column n must survive the product untouched).
size_t regula_selftest_a_count(const RegulaSelfTestCase *c);
size_t regula_selftest_b_count(const RegulaSelfTestCase *c);
size_t regula_selftest_c_count(const RegulaSelfTestCase *c);
void regula_selftest_fill(const RegulaSelfTestCase *c, float *a, float *b, float *cInit);

/// FNV-1a over the bits of `count` floats, every NaN counted as one canonical NaN (IEEE
/// leaves a NaN's sign and payload to the hardware).
uint64_t regula_selftest_hash(const float *values, size_t count);

/// Runs case `index` on `path` and returns the hash of all of C (gaps included); 0 when
/// the path is not available here.
uint64_t regula_selftest_run(int path, int index);

#endif
