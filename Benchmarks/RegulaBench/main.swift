// The Regula side of the benchmarks (see Benchmarks/README.md and docs/performance.md).
//
//   RegulaBench run w1|w2|w3|w4 [--threads N] [--root DIR]   one run, one JSON line
//   RegulaBench kernels [--repeats N]   FMA peak and the W2/W3 products: Regula's paths beside OpenBLAS
//   RegulaBench suite [--threads 1,2] [--repeats N] [--workloads w1,w2] [--root DIR]
//                     [--peer "python3 Benchmarks/peer/peer.py"] [--peer-workloads w1,w2,w3,w4]
//                     [--malloc-counter SO] [--regula PATH-TO-regula [--overhead-only]]
import Foundation
import RegulaNN
import RegulaTensor

func option(_ name: String, in arguments: [String]) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let arguments = Array(CommandLine.arguments.dropFirst())
let root = option("--root", in: arguments) ?? "."
do {
    switch arguments.first {
    case "run":
        guard arguments.count >= 2 else { throw BenchError("run needs a workload") }
        let threads = Int(option("--threads", in: arguments) ?? "1") ?? 1
        let report: Report
        if arguments[1] == "w4" {
            report = try ElasticNetWorkload().run(root: root)
        } else if let workload = MLPWorkload.named(arguments[1]) {
            report = try workload.run(root: root, threads: threads)
        } else {
            throw BenchError("unknown workload \(arguments[1])")
        }
        var line = report.json
        line.removeLast()
        print(line + ", \"kernels\": \"\(Kernels.current.rawValue)\", \"openblas_core\": \"\(OpenBLAS.coreName)\"}")
    case "train":
        // Training only (for callgrind / perf): `train w1 [--epochs N] [--threads N]`.
        guard arguments.count >= 2, let workload = MLPWorkload.named(arguments[1]) else { throw BenchError("train needs w1, w2 or w3") }
        let threads = Int(option("--threads", in: arguments) ?? "1") ?? 1
        let epochs = option("--epochs", in: arguments).flatMap(Int.init)
        let data = try workload.data(root: root)
        var model = try workload.model()
        let start = Clock.wall()
        let result = try model.train(on: data, configuration: workload.configuration(threads: threads, epochs: epochs))
        print("loss \(result.trainLoss) in \(Clock.wall() - start) s")
    case "engine":
        // What Benchmarks/wN.reg does, through the API (interpreter overhead's baseline).
        guard arguments.count >= 2 else { throw BenchError("engine needs a workload") }
        try ScriptEquivalent.run(arguments[1], root: root, threads: Int(option("--threads", in: arguments) ?? "1") ?? 1)
    case "gemm":
        // The step's products as single calls vs cut into row blocks: `gemm w2 [--threads N]`.
        guard arguments.count >= 2, let workload = MLPWorkload.named(arguments[1]) else { throw BenchError("gemm needs w1, w2 or w3") }
        let threads = Int(option("--threads", in: arguments) ?? "1") ?? 1
        let roofline = GemmRoofline(widths: workload.widths, batch: workload.batch)
        for _ in 0..<3 {
            for rows in [nil, 64, 0] as [Int?] {
                let speed = roofline.gflops(threads: threads, blockRows: rows, cpuTime: threads == 1)
                print("blockRows \(rows.map(String.init) ?? "none"): \(Int(speed)) GFLOP/s (\(threads == 1 ? "CPU" : "wall") time)")
            }
        }
    case "kernels":
        var comparison = KernelComparison()
        if let r = option("--repeats", in: arguments).flatMap(Int.init) { comparison.repeats = r }
        print(comparison.table())
    case "suite":
        var suite = Suite()
        suite.root = root
        if let t = option("--threads", in: arguments) { suite.threads = t.split(separator: ",").compactMap { Int($0) } }
        if let r = option("--repeats", in: arguments).flatMap(Int.init) { suite.repeats = r }
        if let w = option("--workloads", in: arguments) { suite.workloads = w.split(separator: ",").map(String.init) }
        if let p = option("--peer", in: arguments), !p.isEmpty { suite.peer = p.split(separator: " ").map(String.init) }
        if let w = option("--peer-workloads", in: arguments) { suite.peerWorkloads = Set(w.split(separator: ",").map(String.init)) }
        suite.mallocCounter = option("--malloc-counter", in: arguments)
        print("Regula kernels: \(Kernels.current.rawValue); OpenBLAS kernels (the yardstick): \(OpenBLAS.coreName) (\(OpenBLAS.configuration))")
        if !arguments.contains("--overhead-only") { try suite.run() }
        if let regula = option("--regula", in: arguments) {
            print("")
            print(InterpreterOverhead(regula: regula, root: root, repeats: suite.repeats)
                .table(workloads: suite.workloads, threads: 1))
        }
    default:
        throw BenchError("usage: RegulaBench run WORKLOAD [--threads N] [--root DIR] | kernels | suite [options]")
    }
} catch {
    FileHandle.standardError.write(Data("RegulaBench: \(error)\n".utf8))
    exit(1)
}
