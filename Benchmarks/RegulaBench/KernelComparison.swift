import CPeakProbe
import Foundation
import RegulaTensor

/// One thread: the core's FMA peak (a register-only probe, AVX-512 and AVX2), then every
/// product of a W2 / W3 training step (forward, weight gradient, input gradient) on
/// Regula's kernel paths beside OpenBLAS, in the same run. Each timing is the median of
/// `repeats` rounds of ~20 ms, the providers interleaved within every round so that the
/// machine's other load falls on all of them alike.
struct KernelComparison {
    var repeats = 9

    struct Product {
        let label: String
        let transposeA: Bool, transposeB: Bool
        let m: Int, n: Int, k: Int
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// A step's products for layer widths `widths` and batch `batch`, in the engine's order.
    static func products(widths: [Int], batch: Int, name: String) -> [Product] {
        var list: [Product] = []
        for l in 0..<(widths.count - 1) {
            let (i, o) = (widths[l], widths[l + 1])
            list.append(Product(label: "\(name) forward \(i)→\(o)", transposeA: false, transposeB: true, m: batch, n: o, k: i))
        }
        for l in stride(from: widths.count - 2, through: 0, by: -1) {
            let (i, o) = (widths[l], widths[l + 1])
            list.append(Product(label: "\(name) ∂W \(o)×\(i)", transposeA: true, transposeB: false, m: o, n: i, k: batch))
            if l > 0 {
                list.append(Product(label: "\(name) ∂x \(batch)×\(i)", transposeA: false, transposeB: false, m: batch, n: i, k: o))
            }
        }
        return list
    }

    /// GFLOP/s of the probe at `width` lanes (16: AVX-512, 8: AVX2); 0 without the instructions.
    func peak(width: Int32) -> Double {
        guard regula_fma_probe(width, 1) > 0 else { return 0 }
        var times: [Double] = []
        var flops = 0.0
        for _ in 0..<repeats {
            let start = Clock.cpu()
            flops = regula_fma_probe(width, 5_000_000)
            times.append(Clock.cpu() - start)
        }
        return flops / median(times) / 1e9
    }

    /// Median GFLOP/s of `product` for each provider.
    func speeds(_ product: Product, providers: [GemmProvider]) -> [Double] {
        let aCount = product.m * product.k, bCount = product.k * product.n, cCount = product.m * product.n
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for i in 0..<count { p[i] = Float((i * 7919) % 1000) / 1000 - 0.5 }
            return p
        }
        let a = buffer(aCount), b = buffer(bCount), c = buffer(cCount)
        defer { for p in [a, b, c] { p.deallocate() } }
        let lda = product.transposeA ? product.m : product.k
        let ldb = product.transposeB ? product.k : product.n
        func run(_ provider: GemmProvider, _ times: Int) {
            for _ in 0..<times {
                provider.gemm(product.transposeA, product.transposeB, product.m, product.n, product.k, a, lda, b, ldb,
                              c, product.n)
            }
        }
        // Calls per timing: ~20 ms at ~100 GFLOP/s.
        let calls = Swift.max(1, Int(0.02 * 100e9 / product.flops))
        var times = Array(repeating: [Double](), count: providers.count)
        for provider in providers { run(provider, 1) }
        for _ in 0..<repeats {
            for (index, provider) in providers.enumerated() {
                let start = Clock.cpu()
                run(provider, calls)
                times[index].append((Clock.cpu() - start) / Double(calls))
            }
        }
        return times.map { product.flops / median($0) / 1e9 }
    }

    /// The Markdown table.
    func table() -> String {
        let paths = [KernelPath.avx512, .avx2].filter(\.isAvailable)
        let providers = paths.map { GemmProvider.regula($0) } + [.openBLAS]
        let before = paths.map { peak(width: $0 == .avx512 ? 16 : 8) }
        var measured: [(String, [Double])] = []
        var totals = Array(repeating: 0.0, count: providers.count)
        var totalFlops = 0.0
        for (name, batch) in [("W2", 128), ("W3", 512)] {
            for product in Self.products(widths: [784, 512, 512, 10], batch: batch, name: name) {
                let speed = speeds(product, providers: providers)
                for i in speed.indices { totals[i] += product.flops / speed[i] }
                totalFlops += product.flops
                measured.append((product.label + " (\(product.m)×\(product.n)×\(product.k))", speed))
            }
        }
        measured.append(("all of the above (time-weighted)", totals.map { totalFlops / $0 }))
        // The probe before and after the products; the higher one counts (contention from
        // the rest of the machine only ever lowers it).
        let after = paths.map { peak(width: $0 == .avx512 ? 16 : 8) }
        let peaks = zip(before, after).map { Swift.max($0, $1) }
        var lines = ["FMA peak (register-only probe, 1 thread, higher of before/after): "
            + paths.indices.map { "\(paths[$0].rawValue) \(format(peaks[$0], 1)) GFLOP/s (\(format(before[$0], 1)) / \(format(after[$0], 1)))" }
                .joined(separator: ", "), ""]
        let pathColumns = paths.map { "Regula \($0.rawValue) GFLOP/s (% of its peak)" }
        lines.append("| product (m×n×k) | " + pathColumns.joined(separator: " | ") + " | \(GemmProvider.openBLAS.name) GFLOP/s | Regula best / OpenBLAS |")
        lines.append("|" + String(repeating: "---|", count: 3 + paths.count))
        for (label, speed) in measured { lines.append(row(label, speed, peaks)) }
        return lines.joined(separator: "\n")
    }

    private func format(_ x: Double, _ digits: Int) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "–"
    }

    private func row(_ label: String, _ speed: [Double], _ peaks: [Double]) -> String {
        let pathCells = zip(speed, peaks).map { "\(format($0, 1)) (\(format(100 * $0 / $1, 0))%)" }
        let best = speed.dropLast().max() ?? 0, blas = speed.last ?? 1
        return "| \(label) | " + pathCells.joined(separator: " | ") + " | \(format(blas, 1)) | \(format(best / blas, 2))× |"
    }
}
