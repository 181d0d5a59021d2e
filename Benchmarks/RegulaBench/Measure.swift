import CBLAS
import Glibc
import RegulaTensor

/// Wall and CPU clocks of this process.
struct Clock {
    /// Monotonic wall time in seconds.
    static func wall() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// User + system CPU time of this process (all threads) in seconds.
    static func cpu() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident set size of this process, in MiB.
    static func maxRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// The allocation counter of `Benchmarks/malloccount` when it is preloaded (`LD_PRELOAD`).
enum MallocCounter {
    typealias Reader = @convention(c) () -> UInt64

    /// nil when the interposer is not loaded.
    static let read: Reader? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "regula_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: Reader.self)
    }()
}

/// Who computes a product: OpenBLAS (the yardstick) or Regula's kernels on one path.
enum GemmProvider: Equatable {
    case openBLAS
    case regula(KernelPath)

    var name: String {
        switch self {
        case .openBLAS: "OpenBLAS \(OpenBLAS.coreName)"
        case .regula(let path): "Regula \(path.rawValue)"
        }
    }

    func gemm(_ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
              _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        switch self {
        case .openBLAS:
            cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), 0, c, blasint(ldc))
        case .regula(let path):
            path.multiply(transposeA: tA, transposeB: tB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        }
    }
}

/// OpenBLAS's identity, for the tables.
enum OpenBLAS {
    /// The kernel family OpenBLAS chose at load time (`OPENBLAS_CORETYPE` picks it).
    static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
    static var configuration: String { openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS" }
}

/// One step's matrix products of an MLP (forward, weight gradients, input gradients)
/// timed on their own: the speed a provider reaches on exactly the shapes a step uses
/// (OpenBLAS unless told otherwise).
struct GemmRoofline {
    let widths: [Int]
    let batch: Int
    var provider = GemmProvider.openBLAS

    /// Multiply-adds ×2 of one step: forward `B·in·out` per layer, the weight gradient the
    /// same, the input gradient the same except for the first layer.
    var flopsPerStep: Double {
        var total = 0
        for l in 0..<(widths.count - 1) {
            let product = batch * widths[l] * widths[l + 1]
            total += (l == 0 ? 2 : 3) * product
        }
        return 2 * Double(total)
    }

    /// GFLOP/s of the step's products with OpenBLAS's own threading at `threads` (its best
    /// on these shapes), timed one of two ways:
    /// - `steps: n` — the products of `n` steps back to back, total time: the same work as
    ///   a training run of `n` steps, aggregated the same way (contention during the window
    ///   counts, as it does for the run);
    /// - otherwise the median of `repeats` timings of ~20 ms each: the speed in the quiet
    ///   moments (short bursts of contention are filtered out; an optimistic yardstick).
    func gflops(threads: Int, steps: Int? = nil, repeats: Int = 15, blockRows: Int? = nil, cpuTime: Bool = false) -> Double {
        let clock = cpuTime ? Clock.cpu : Clock.wall
        let widest = widths.max() ?? 1
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for i in 0..<count { p[i] = Float((i * 7919) % 1000) / 1000 - 0.5 }
            return p
        }
        let acts = (0..<widths.count).map { buffer(batch * widths[$0]) }
        let weights = (0..<(widths.count - 1)).map { buffer(widths[$0] * widths[$0 + 1]) }
        let grads = (0..<(widths.count - 1)).map { buffer(widths[$0] * widths[$0 + 1]) }
        let g0 = buffer(batch * widest), g1 = buffer(batch * widest)
        defer { for p in acts + weights + grads + [g0, g1] { p.deallocate() } }
        openblas_set_num_threads(Int32(provider == .openBLAS ? threads : 1))
        defer { openblas_set_num_threads(1) }
        // With `blockRows`, products of ≥ 8M multiply-adds are cut into blocks of that many
        // rows of C, one call each (what the engine does for thread-independent bits).
        func gemm(_ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafeMutablePointer<Float>, _ lda: Int,
                  _ b: UnsafeMutablePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
            var rows = blockRows.flatMap { m * n * k >= 8_000_000 ? $0 : nil } ?? m
            if rows == 0 { rows = m >= 32 ? (m / 2 + 15) / 16 * 16 : m }  // 0: two halves
            for first in stride(from: 0, to: m, by: rows) {
                provider.gemm(tA, tB, Swift.min(rows, m - first), n, k, a + (tA ? first : first * lda), lda, b, ldb,
                              c + first * ldc, ldc)
            }
        }
        func step() {
            for l in 0..<(widths.count - 1) {
                let (i, o) = (widths[l], widths[l + 1])
                gemm(false, true, batch, o, i, acts[l], i, weights[l], i, acts[l + 1], o)
            }
            for l in stride(from: widths.count - 2, through: 0, by: -1) {
                let (i, o) = (widths[l], widths[l + 1])
                gemm(true, false, o, i, batch, g0, o, acts[l], i, grads[l], i)
                if l > 0 { gemm(false, false, batch, i, o, g0, o, weights[l], i, g1, i) }
            }
        }
        step()
        if let steps {
            let start = clock()
            for _ in 0..<Swift.max(steps, 1) { step() }
            return flopsPerStep * Double(Swift.max(steps, 1)) / (clock() - start) / 1e9
        }
        // Enough steps per timing to last ~20 ms.
        let probe = clock()
        step()
        let inner = Swift.max(1, Int(0.02 / Swift.max(clock() - probe, 1e-7)))
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = clock()
            for _ in 0..<inner { step() }
            times.append((clock() - start) / Double(inner))
        }
        return flopsPerStep / median(times) / 1e9
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
