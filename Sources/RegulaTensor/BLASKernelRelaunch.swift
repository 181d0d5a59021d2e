#if canImport(Glibc)
import Glibc
#endif

extension BLAS {
    /// The environment variable that marks a process already relaunched by
    /// `fastKernelRelaunch`, so it can never loop.
    public static let relaunchGuardVariable = "REGULA_BLAS_RELAUNCHED"

    /// The OpenBLAS kernel family to request on this CPU when OpenBLAS fell back to its
    /// SSE3 `Prescott` kernels: `SkylakeX` with AVX-512 (F, BW, DQ, VL), `Haswell` with AVX2
    /// and FMA, nil otherwise. `cpuFlags` are the `flags` of `/proc/cpuinfo`.
    public static func fasterCoreType(cpuFlags: Set<Substring>) -> String? {
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy({ cpuFlags.contains($0) }) { return "SkylakeX" }
        if cpuFlags.contains("avx2") && cpuFlags.contains("fma") { return "Haswell" }
        return nil
    }

    /// Re-executes the running program with `OPENBLAS_CORETYPE` set when OpenBLAS runs its
    /// slow `Prescott` kernels on a CPU that has AVX-512 or AVX2 (OpenBLAS 0.3.21 does not
    /// recognise recent Xeons and falls back to SSE3, ~7× slower). Call it first thing in
    /// `main`: OpenBLAS reads the variable only when it is loaded, so the only way to pick
    /// other kernels is a fresh process image (`execv` of `/proc/self/exe`, same argv).
    ///
    /// Does nothing (and returns) when the kernels are not `Prescott`, when the user set
    /// `OPENBLAS_CORETYPE` themselves, when this process is already a relaunch
    /// (`relaunchGuardVariable`), when the CPU has neither AVX-512 nor AVX2, or when
    /// `execv` fails. Linux only; a no-op elsewhere.
    public static func fastKernelRelaunch(arguments: [String] = CommandLine.arguments) {
        #if os(Linux)
        guard coreName == "Prescott",
              getenv("OPENBLAS_CORETYPE") == nil,
              getenv(relaunchGuardVariable) == nil,
              let core = fasterCoreType(cpuFlags: cpuFlags())
        else { return }
        setenv(relaunchGuardVariable, "1", 1)
        setenv("OPENBLAS_CORETYPE", core, 1)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", &argv)
        // Only reached when execv failed: carry on with the slow kernels.
        for pointer in argv { free(pointer) }
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }

    /// The CPU feature flags of the first processor in `/proc/cpuinfo` (empty if unreadable).
    static func cpuFlags() -> Set<Substring> {
        #if os(Linux)
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") else { continue }
            return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }))
        }
        #endif
        return []
    }
}
