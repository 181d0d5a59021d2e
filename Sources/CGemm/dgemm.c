// Double precision (gradient checks): one straightforward kernel for every CPU, so its
// bits cannot depend on the path. Each output is the same chain as in single precision,
// c = 0; for k: c = fma(a_ik, b_kj, c), then the same epilogue.
#include "CGemm.h"
#include <math.h>
#include <string.h>

void regula_dgemm(int transA, int transB, size_t m, size_t n, size_t k, double alpha, const double *a, size_t lda,
                  const double *b, size_t ldb, double beta, double *c, size_t ldc) {
    enum { COLS = 64 };  // outputs of one row worked on together (a stack array)
    double chain[COLS];
    for (size_t i = 0; i < m; i++) {
        for (size_t j0 = 0; j0 < n; j0 += COLS) {
            size_t cols = n - j0 < COLS ? n - j0 : COLS;
            memset(chain, 0, sizeof chain);
            for (size_t p = 0; p < k; p++) {
                double aip = transA ? a[p * lda + i] : a[i * lda + p];
                if (transB) {
                    for (size_t j = 0; j < cols; j++) chain[j] = fma(aip, b[(j0 + j) * ldb + p], chain[j]);
                } else {
                    const double *row = b + p * ldb + j0;
                    for (size_t j = 0; j < cols; j++) chain[j] = fma(aip, row[j], chain[j]);
                }
            }
            double *out = c + i * ldc + j0;
            for (size_t j = 0; j < cols; j++) {
                if (alpha == 1.0 && beta == 0.0) out[j] = chain[j];
                else if (beta == 0.0) out[j] = alpha * chain[j];
                else out[j] = alpha * chain[j] + beta * out[j];
            }
        }
    }
}
