// The driver every float path shares: cache blocking, packing and edge tiles around a
// path's microkernel. Loop order after BLIS (Van Zee & van de Geijn): K-blocks of kc
// steps; per K-block B is packed once into kc × nr micro-panels and A in blocks of mc
// rows into kc × mr micro-panels; the microkernel then walks tiles of C.
//
// What keeps the bits fixed: each output's chain runs through the K-blocks in order, a
// later K-block continuing from the partial value stored in C (storing and reloading a
// float is exact); packing pads rows of A and columns of B with zeros (those outputs are
// thrown away) but never pads k; and threads, if any, split rows of C, never k.
#include "CGemm.h"
#include "gemm_kernel.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// MARK: Per-thread packing buffers

/// One thread's buffers, grown on demand and kept: a product in the steady state
/// allocates nothing. Freed when the thread exits.
typedef struct {
    float *a, *b, *product;
    size_t aCapacity, bCapacity, productCapacity;
} Workspace;

static pthread_key_t workspaceKey;
static pthread_once_t workspaceOnce = PTHREAD_ONCE_INIT;
static __thread Workspace *threadWorkspace;

static void freeWorkspace(void *pointer) {
    Workspace *w = pointer;
    free(w->a);
    free(w->b);
    free(w->product);
    free(w);
}

static void makeWorkspaceKey(void) { pthread_key_create(&workspaceKey, freeWorkspace); }

static Workspace *workspace(void) {
    if (threadWorkspace) return threadWorkspace;
    pthread_once(&workspaceOnce, makeWorkspaceKey);
    Workspace *w = calloc(1, sizeof *w);
    if (!w) abort();
    pthread_setspecific(workspaceKey, w);
    threadWorkspace = w;
    return w;
}

/// Makes `*buffer` hold at least `count` floats, 64-byte aligned (for aligned vector loads).
static float *reserve(float **buffer, size_t *capacity, size_t count) {
    if (count > *capacity) {
        free(*buffer);
        size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
        *buffer = aligned_alloc(64, bytes);
        if (!*buffer) abort();  // out of memory: nothing sensible to return to
        *capacity = bytes / sizeof(float);
    }
    return *buffer;
}

// MARK: Blocked product

/// One tile of C: straight into C when whole, through a local tile when it overhangs
/// (the overhanging outputs come from zero padding and are dropped).
static void tile(const RegulaGemmKernel *kernel, size_t kc, const float *a, const float *b, size_t bStride, float *c,
                 size_t ldc, size_t rows, size_t cols, int accumulate) {
    if (rows == (size_t)kernel->mr && cols == (size_t)kernel->nr) {
        kernel->kernel(kc, a, b, bStride, c, ldc, accumulate);
        return;
    }
    float local[REGULA_GEMM_MAX_MR * REGULA_GEMM_MAX_NR];
    size_t nr = kernel->nr;
    if (accumulate) {
        memset(local, 0, sizeof(float) * kernel->mr * nr);
        for (size_t i = 0; i < rows; i++) memcpy(local + i * nr, c + i * ldc, cols * sizeof(float));
    }
    kernel->kernel(kc, a, b, bStride, local, nr, accumulate);
    for (size_t i = 0; i < rows; i++) memcpy(c + i * ldc, local + i * nr, cols * sizeof(float));
}

/// C ← op(A)·op(B): every output's chain from +0 over all k, stored in C.
static void chains(const RegulaGemmKernel *kernel, int transA, int transB, size_t m, size_t n, size_t k,
                   const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc) {
    Workspace *w = workspace();
    const size_t mr = kernel->mr, nr = kernel->nr;
    // K-blocks of equal length (a function of k and the path only; any split gives the
    // same bits, this one just keeps the last block from being a sliver).
    size_t kBlocks = (k + kernel->kc - 1) / kernel->kc;
    size_t kcMax = (k + kBlocks - 1) / kBlocks;
    size_t panelsN = (n + nr - 1) / nr;
    size_t mcMax = kernel->mc < m ? kernel->mc : (m + mr - 1) / mr * mr;
    float *packedB = reserve(&w->b, &w->bCapacity, kcMax * panelsN * nr);
    float *packedA = reserve(&w->a, &w->aCapacity, kcMax * mcMax);
    // With few rows of C (one or two row panels), B is read where it is instead of packed:
    // packing it would cost as much as the arithmetic. Only B not transposed (its rows are
    // the panels' rows) and only whole panels; the last, partial one is packed.
    int streamB = !transB && m <= 2 * mr;
    size_t wholeN = streamB ? n / nr * nr : 0;
    for (size_t p0 = 0; p0 < k; p0 += kcMax) {
        size_t kc = k - p0 < kcMax ? k - p0 : kcMax;
        int accumulate = p0 > 0;
        if (wholeN < n) regula_gemm_pack_b(transB, b + (transB ? wholeN * ldb : wholeN), ldb, p0, kc, n - wholeN, (int)nr,
                                           packedB);
        for (size_t i0 = 0; i0 < m; i0 += mcMax) {
            size_t mc = m - i0 < mcMax ? m - i0 : mcMax;
            regula_gemm_pack_a(transA, a, lda, i0, mc, p0, kc, (int)mr, packedA);
            for (size_t j = 0; j < n; j += nr) {
                int streamed = j < wholeN;
                const float *panelB = streamed ? b + p0 * ldb + j : packedB + ((j - wholeN) / nr) * kc * nr;
                size_t bStride = streamed ? ldb : nr;
                size_t cols = n - j < nr ? n - j : nr;
                for (size_t i = 0; i < mc; i += mr) {
                    size_t rows = mc - i < mr ? mc - i : mr;
                    tile(kernel, kc, packedA + (i / mr) * kc * mr, panelB, bStride, c + (i0 + i) * ldc + j, ldc, rows,
                         cols, accumulate);
                }
            }
        }
    }
}

// MARK: Entry points

static void sgemm(const RegulaGemmKernel *kernel, int transA, int transB, size_t m, size_t n, size_t k, float alpha,
                  const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc) {
    if (m == 0 || n == 0) return;
    if (kernel->narrow && n <= (size_t)kernel->narrow->nr) kernel = kernel->narrow;
    if (alpha == 1.0f && beta == 0.0f) {
        if (k == 0) {
            for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(float));
        } else {
            chains(kernel, transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        }
        return;
    }
    // The general epilogue reads C's old values, so the chains go to a scratch matrix first.
    Workspace *w = workspace();
    float *p = reserve(&w->product, &w->productCapacity, m * n);
    if (k == 0) {
        memset(p, 0, m * n * sizeof(float));
    } else {
        chains(kernel, transA, transB, m, n, k, a, lda, b, ldb, p, n);
    }
    for (size_t i = 0; i < m; i++) {
        float *row = c + i * ldc;
        const float *chain = p + i * n;
        if (beta == 0.0f) {
            for (size_t j = 0; j < n; j++) row[j] = alpha * chain[j];
        } else {
            // Two products and a sum, each rounded (compiled without FMA contraction).
            for (size_t j = 0; j < n; j++) row[j] = alpha * chain[j] + beta * row[j];
        }
    }
}

void regula_sgemm(int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
                  const float *b, size_t ldb, float beta, float *c, size_t ldc) {
    const RegulaGemmKernel *kernel = regula_gemm_kernel_for_path(regula_gemm_current_path());
    sgemm(kernel, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

int regula_sgemm_on_path(int path, int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a,
                         size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc) {
    const RegulaGemmKernel *kernel = regula_gemm_kernel_for_path(path);
    if (!kernel) return -1;
    sgemm(kernel, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return 0;
}
