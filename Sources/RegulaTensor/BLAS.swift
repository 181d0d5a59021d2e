import CBLAS

/// Process-wide BLAS settings.
///
/// Regula never lets OpenBLAS split one product across threads: OpenBLAS's threaded
/// kernels change the summation order with the thread count, which would break
/// bit-identical results across `--threads`. Parallel work is decomposed by Regula into
/// fixed-size blocks instead (see `ParallelLoop`).
public enum BLAS {
    /// Pins OpenBLAS to one thread per call. Call once at start-up.
    public static func useSingleThreadedKernels() {
        openblas_set_num_threads(1)
    }

    /// OpenBLAS's build configuration string (for run records).
    public static var configuration: String {
        // The string already starts with "OpenBLAS <version>".
        guard let config = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: config)
    }

    /// The kernel family OpenBLAS chose at load time, e.g. `Cooperlake` or `Haswell`.
    /// OpenBLAS 0.3.21 does not know recent Xeons (CPUID model 207 here) and falls back to
    /// `Prescott`, its SSE3 kernels, about 7× slower; setting `OPENBLAS_CORETYPE` in the
    /// environment (to any value it does not know, even empty) makes it choose by CPU
    /// features instead. The variable is read when the library loads, before any Swift code.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
