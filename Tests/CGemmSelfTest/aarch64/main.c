// The self-test cases on arm64 (cross-compiled and run under qemu-aarch64 by
// KernelPathTests): one line per path and case, `path index hash`, for the test to compare
// with the x86 paths' hashes computed in-process.
#include "CGemm.h"
#include "CGemmSelfTest.h"
#include <inttypes.h>
#include <stdio.h>

int main(void) {
    static const int paths[] = {REGULA_GEMM_SCALAR, REGULA_GEMM_NEON};
    static const char *names[] = {"scalar", "neon"};
    for (int p = 0; p < 2; p++) {
        if (!regula_gemm_path_available(paths[p])) {
            printf("%s unavailable\n", names[p]);
            return 1;
        }
        for (int i = 0; i < regula_selftest_case_count(); i++)
            printf("%s %d %016" PRIx64 "\n", names[p], i, regula_selftest_run(paths[p], i));
    }
    // The current path is the best one this CPU has: NEON on every arm64.
    printf("best %s\n", regula_gemm_best_path() == REGULA_GEMM_NEON ? "neon" : "other");
    return 0;
}
