import Foundation
import RegulaTensor

/// Runs every workload in child processes (Regula and the peer interleaved, run by run),
/// and prints one table of medians.
struct Suite {
    var workloads = ["w1", "w2", "w3", "w4"]
    var threads = [1, 2]
    var repeats = 3
    var root = "."
    /// `python3 Benchmarks/peer/peer.py`, or nil when torch / scikit-learn do not import.
    var peer: [String]?
    /// The workloads the peer can run (torch: w1–w3, scikit-learn: w4).
    var peerWorkloads: Set<String> = ["w1", "w2", "w3", "w4"]
    /// Path of `libmalloc_count.so`, preloaded into the children when given.
    var mallocCounter: String?
    /// Longest wait for an idle machine before a run (seconds).
    var quietWait = 5.0

    struct Row {
        var regula: [[String: Any]] = []
        var peer: [[String: Any]] = []
        var busy: [Double] = []
    }

    func run() throws {
        var rows: [(String, Int, Row)] = []
        for workload in workloads {
            for t in (workload == "w4" ? [1] : threads) {
                var row = Row()
                for _ in 0..<repeats {
                    row.busy.append(waitForQuiet())
                    row.regula.append(try child([CommandLine.arguments[0], "run", workload, "--threads", "\(t)", "--root", root]))
                    if let peer, peerWorkloads.contains(workload) {
                        row.busy.append(waitForQuiet())
                        row.peer.append(try child(peer + [workload, "--threads", "\(t)", "--root", root]))
                    }
                }
                rows.append((workload, t, row))
                FileHandle.standardError.write(Data("done \(workload) threads \(t)\n".utf8))
            }
        }
        print(table(rows))
    }

    /// Runs a child and parses the last line of its output as a JSON object.
    func child(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let mallocCounter { environment["LD_PRELOAD"] = mallocCounter }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw BenchError("child failed: \(arguments.joined(separator: " "))\n\(text)")
        }
        return object
    }

    /// Waits (up to `quietWait` s) until the machine's cores are ≥ 90% idle over 0.5 s;
    /// returns the busy fraction of the last probe (0 = idle).
    func waitForQuiet() -> Double {
        let deadline = Date().addingTimeInterval(quietWait)
        var busy = 1.0
        repeat {
            let a = cpuTimes()
            Thread.sleep(forTimeInterval: 0.5)
            let b = cpuTimes()
            let total = b.total - a.total
            busy = total > 0 ? 1 - (b.idle - a.idle) / total : 1
            if busy < 0.1 { break }
        } while Date() < deadline
        return busy
    }

    private func cpuTimes() -> (idle: Double, total: Double) {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first
        else { return (0, 0) }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return (0, 0) }
        return (values[3] + values[4], values.reduce(0, +))
    }

    // MARK: The table

    func table(_ rows: [(String, Int, Row)]) -> String {
        var lines = [
            "| workload | threads | Regula | peer | ratio | GFLOP/s | % sgemm | sgemm GFLOP/s | % peak sgemm | max RSS MB (R / peer) | allocs/step (R / peer) | CPU s (R / peer) | machine busy | notes |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for (workload, t, row) in rows {
            func values(_ runs: [[String: Any]], _ key: String) -> [Double] { runs.compactMap { ($0[key] as? NSNumber)?.doubleValue } }
            func stat(_ xs: [Double], digits: Int = 0) -> String {
                guard !xs.isEmpty else { return "–" }
                let m = median(xs)
                if xs.count < 2 { return format(m, digits) }
                let spread = ((xs.max() ?? m) - (xs.min() ?? m)) / m * 100
                return "\(format(m, digits)) ±\(format(spread / 2, 0))%"
            }
            let busy = format(median(row.busy) * 100, 0) + "%"
            if workload == "w4" {
                let r = values(row.regula, "seconds_per_fit").map { 1 / $0 }
                let p = values(row.peer, "seconds_per_fit").map { 1 / $0 }
                var notes = "fits/s; \(row.regula.first?["epochs"] ?? "?") proximal-gradient epochs"
                if let rc = row.regula.first?["coef"] as? [Double], let pc = row.peer.first?["coef"] as? [Double], rc.count == pc.count {
                    let diff = zip(rc, pc).map { abs($0 - $1) }.max() ?? .nan
                    let scale = pc.map(abs).max() ?? 1
                    notes += String(format: "; max |Δcoef| = %.2g (largest |coef| %.3g)", diff, scale)
                }
                let ratio = p.isEmpty ? "–" : format(median(r) / median(p), 2) + "×"
                lines.append("| W4 elastic net | 1 | \(stat(r)) fits/s | \(p.isEmpty ? "–" : stat(p) + " fits/s") | \(ratio) | – | – | – | – | \(stat(values(row.regula, "max_rss_mb"))) / \(stat(values(row.peer, "max_rss_mb"))) | – | – | \(busy) | \(notes) |")
                continue
            }
            let r = values(row.regula, "samples_per_second"), p = values(row.peer, "samples_per_second")
            let sgemm = zip(values(row.regula, "sgemm_gflops_before"), values(row.regula, "sgemm_gflops_after")).map { ($0 + $1) / 2 }
            let gflops = values(row.regula, "gflops")
            let percent = zip(gflops, sgemm).map { 100 * $0 / $1 }
            let peak = zip(gflops, values(row.regula, "sgemm_peak_gflops")).map { 100 * $0 / $1 }
            let ratio = p.isEmpty ? "–" : format(median(r) / median(p), 2) + "×"
            let allocs = "\(stat(values(row.regula, "allocs_per_step"), digits: 2)) / \(stat(values(row.peer, "allocs_per_step"), digits: 1))"
            let rss = "\(stat(values(row.regula, "max_rss_mb"))) / \(stat(values(row.peer, "max_rss_mb")))"
            let cpu = "\(stat(values(row.regula, "cpu_seconds"), digits: 2)) / \(stat(values(row.peer, "cpu_seconds"), digits: 2))"
            let probes = zip(values(row.regula, "sgemm_gflops_before"), values(row.regula, "sgemm_gflops_after"))
                .map { abs($0 - $1) / max($0, $1) }.max() ?? 0
            var notes = "samples/s; sgemm probes before/after differ ≤ \(format(probes * 100, 0))%"
            if t == 1 {
                // One thread: throughput per CPU second is robust to a busy machine.
                let rc = zip(values(row.regula, "samples_per_second"), zip(values(row.regula, "seconds"), values(row.regula, "cpu_seconds")))
                    .map { $0 * $1.0 / $1.1 }
                let pc = zip(values(row.peer, "samples_per_second"), zip(values(row.peer, "seconds"), values(row.peer, "cpu_seconds")))
                    .map { $0 * $1.0 / $1.1 }
                notes += "; per CPU-second: \(stat(rc)) vs \(stat(pc))"
                if !pc.isEmpty { notes += " (\(format(median(rc) / median(pc), 2))×)" }
            }
            lines.append("| \(workload.uppercased()) | \(t) | \(stat(r)) | \(stat(p)) | \(ratio) | \(stat(gflops, digits: 1)) | \(stat(percent)) | \(stat(sgemm, digits: 1)) | \(stat(peak)) | \(rss) | \(allocs) | \(cpu) | \(busy) | \(notes) |")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ x: Double, _ digits: Int) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "–"
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
