import Foundation

/// Interpreter overhead: `regula run Benchmarks/wN.reg` against `RegulaBench engine wN`
/// (the same calls through RegulaNN's API), both as whole processes, interleaved; and
/// the time of `regula check` on each example.
struct InterpreterOverhead {
    let regula: String
    let root: String
    var repeats = 3

    func table(workloads: [String], threads: Int) -> String {
        var lines = [
            "| script | regula run s | engine s | overhead |",
            "|---|---|---|---|",
        ]
        for workload in workloads {
            var script: [Double] = [], engine: [Double] = []
            for _ in 0..<repeats {
                script.append(time([regula, "run", "\(root)/Benchmarks/\(workload).reg", "--threads", "\(threads)"]))
                engine.append(time([CommandLine.arguments[0], "engine", workload, "--root", root, "--threads", "\(threads)"]))
            }
            let s = median(script), e = median(engine)
            lines.append(String(format: "| Benchmarks/%@.reg | %.3f | %.3f | %.1f%% |", workload, s, e, 100 * (s - e) / s))
        }
        lines += ["", "| example | regula check ms (median of \(repeats + 2)) |", "|---|---|"]
        let examples = (try? FileManager.default.contentsOfDirectory(atPath: root + "/examples"))?
            .filter { $0.hasSuffix(".reg") }.sorted() ?? []
        for example in examples {
            let times = (0..<(repeats + 2)).map { _ in time([regula, "check", "\(root)/examples/\(example)"]) }
            lines.append(String(format: "| examples/%@ | %.1f |", example, 1000 * median(times)))
        }
        return lines.joined(separator: "\n")
    }

    /// Wall seconds of one child process (its output discarded); NaN when it fails.
    private func time(_ arguments: [String]) -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Clock.wall()
        guard (try? process.run()) != nil else { return .nan }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Clock.wall() - start : .nan
    }
}
