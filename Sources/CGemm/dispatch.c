// Which kernel path runs: the best one this CPU has, unless one was selected (the
// runtime selects the one REGULA_KERNELS names). Process-wide, like the CPU itself.
#include "CGemm.h"
#include "gemm_kernel.h"
#include <stdatomic.h>

static _Atomic int selectedPath = -1;

int regula_gemm_path_available(int path) {
    switch (path) {
    case REGULA_GEMM_SCALAR: return 1;
#if defined(__x86_64__)
    // The CPU model compiler-rt / libgcc read at load time (CPUID, and XGETBV for the
    // operating system's support of the wide registers).
    case REGULA_GEMM_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case REGULA_GEMM_AVX512: return __builtin_cpu_supports("avx512f");
#endif
#if defined(__aarch64__)
    case REGULA_GEMM_NEON: return 1;  // Advanced SIMD is part of every arm64 CPU
#endif
    default: return 0;
    }
}

int regula_gemm_best_path(void) {
    if (regula_gemm_path_available(REGULA_GEMM_AVX512)) return REGULA_GEMM_AVX512;
    if (regula_gemm_path_available(REGULA_GEMM_AVX2)) return REGULA_GEMM_AVX2;
    if (regula_gemm_path_available(REGULA_GEMM_NEON)) return REGULA_GEMM_NEON;
    return REGULA_GEMM_SCALAR;
}

int regula_gemm_current_path(void) {
    int path = atomic_load_explicit(&selectedPath, memory_order_relaxed);
    return path >= 0 ? path : regula_gemm_best_path();
}

int regula_gemm_select(int path) {
    if (!regula_gemm_path_available(path)) return -1;
    atomic_store_explicit(&selectedPath, path, memory_order_relaxed);
    return 0;
}

const RegulaGemmKernel *regula_gemm_kernel_for_path(int path) {
    if (!regula_gemm_path_available(path)) return 0;
    switch (path) {
#if defined(__x86_64__)
    case REGULA_GEMM_AVX2: return &regula_gemm_avx2_kernel;
    case REGULA_GEMM_AVX512: return &regula_gemm_avx512_kernel;
#endif
#if defined(__aarch64__)
    case REGULA_GEMM_NEON: return &regula_gemm_neon_kernel;
#endif
    default: return &regula_gemm_scalar_kernel;
    }
}
