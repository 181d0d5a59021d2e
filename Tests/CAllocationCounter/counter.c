// See CAllocationCounter.h. The same interposition as Benchmarks/malloccount, linked into
// the test executable instead of preloaded, with a switch so only the measured code counts.
#include "CAllocationCounter.h"

#include <errno.h>  // a C library header: it defines __GLIBC__ on glibc
#include <stddef.h>

#if defined(__GLIBC__)

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

// Every thread counts while switched on: a step's work runs on the engine's worker
// threads too. (Other threads of the test process allocate rarely; the test retries.)
static int counting;
static unsigned long long count;

static inline void bump(void) {
    if (__atomic_load_n(&counting, __ATOMIC_RELAXED)) __atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);
}

__attribute__((visibility("default"), used)) void *malloc(size_t n) { bump(); return __libc_malloc(n); }
__attribute__((visibility("default"), used)) void *calloc(size_t k, size_t n) { bump(); return __libc_calloc(k, n); }
__attribute__((visibility("default"), used)) void *realloc(void *p, size_t n) { bump(); return __libc_realloc(p, n); }
__attribute__((visibility("default"), used)) void *memalign(size_t a, size_t n) { bump(); return __libc_memalign(a, n); }
__attribute__((visibility("default"), used)) void *aligned_alloc(size_t a, size_t n) { bump(); return __libc_memalign(a, n); }
__attribute__((visibility("default"), used)) int posix_memalign(void **out, size_t a, size_t n) {
    bump();
    void *p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

int regula_allocation_counter_available(void) { return 1; }

void regula_allocation_counting_start(void) {
    __atomic_store_n(&count, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&counting, 1, __ATOMIC_SEQ_CST);
}

void regula_allocation_counting_stop(void) { __atomic_store_n(&counting, 0, __ATOMIC_SEQ_CST); }

unsigned long long regula_allocation_count(void) { return __atomic_load_n(&count, __ATOMIC_SEQ_CST); }

#else

int regula_allocation_counter_available(void) { return 0; }
void regula_allocation_counting_start(void) {}
void regula_allocation_counting_stop(void) {}
unsigned long long regula_allocation_count(void) { return 0; }

#endif
