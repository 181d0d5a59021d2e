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
        guard let config = openblas_get_config() else { return "OpenBLAS" }
        return "OpenBLAS " + String(cString: config)
    }
}
