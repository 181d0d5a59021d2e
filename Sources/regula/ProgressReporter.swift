#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaInterpreter

/// Shows a `train` call's progress on a terminal as one stderr line updated in place:
///
///     epoch 12/60 [████░░░░░░░░] data 0.3121 + penalty 0.0412 = 0.3533 · val 0.4012 acc 91.2% · 3.1s ETA 12.4s
///
/// and leaves one summary line when the run ends. Used only when stderr is a terminal and
/// `--quiet` is off; otherwise nothing is shown at all.
final class ProgressReporter {
    private let console: Console
    private let cancellation: () -> Bool
    /// Redraws at most this often (epochs can be much faster than a terminal).
    private let minimumInterval = 0.05
    private var lastDraw = -1.0

    init(console: Console, isCancelled: @escaping () -> Bool) {
        self.console = console
        self.cancellation = isCancelled
    }

    func report(_ progress: TrainingProgress) {
        if progress.isFinal {
            console.showProgressLine(ProgressReporter.clipped(summary(progress), to: console.errorColumns - 1), final: true)
            lastDraw = -1
            return
        }
        let now = ProgressReporter.monotonicSeconds()
        guard lastDraw < 0 || now - lastDraw >= minimumInterval else { return }
        lastDraw = now
        console.showProgressLine(ProgressReporter.clipped(ProgressReporter.line(progress), to: console.errorColumns - 1))
    }

    /// The final line: like a progress line without the ETA, saying why it ended early.
    private func summary(_ progress: TrainingProgress) -> String {
        var text = ProgressReporter.line(progress, showETA: false)
        if progress.epoch < progress.totalEpochs {
            text += cancellation() ? " · interrupted" : " · stopped early"
        }
        return text
    }

    /// One progress line (without escape codes).
    static func line(_ p: TrainingProgress, showETA: Bool = true) -> String {
        let total = max(p.totalEpochs, 1)
        let epoch = min(max(p.epoch, 0), total)
        let width = 12
        let filled = Int((Double(width) * Double(epoch) / Double(total)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var text = "epoch \(p.epoch)/\(p.totalEpochs) [\(bar)] "
        text += "data \(number(p.dataLoss)) + penalty \(number(p.penalty)) = \(number(p.dataLoss + p.penalty))"
        if let loss = p.validationLoss {
            text += " · val \(number(loss))"
            if let accuracy = p.validationAccuracy { text += " acc \(fixed(accuracy * 100, 1))%" }
        } else if let accuracy = p.validationAccuracy {
            text += " · val acc \(fixed(accuracy * 100, 1))%"
        }
        text += " · \(duration(p.elapsedSeconds))"
        if showETA, epoch > 0, epoch < total {
            let eta = p.elapsedSeconds / Double(epoch) * Double(total - epoch)
            text += " ETA \(duration(eta))"
        }
        return text
    }

    /// A loss: four decimals in the usual range, scientific outside it.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let magnitude = abs(x)
        if x == 0 || (magnitude >= 1e-3 && magnitude < 1e5) { return fixed(x, 4) }
        return format("%.3e", x)
    }

    /// `3.1s`, `2m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        // An ETA of a huge `epochs:` can exceed Int (`Int(_:)` would trap).
        guard seconds.isFinite, seconds >= 0, seconds < 1e15 else { return "?" }
        if seconds < 60 { return fixed(seconds, 1) + "s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60)m\(twoDigits(whole % 60))s" }
        return "\(whole / 3600)h\(twoDigits((whole % 3600) / 60))m"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func fixed(_ x: Double, _ decimals: Int) -> String {
        format("%.\(decimals)f", x)
    }

    private static func format(_ pattern: String, _ value: CVarArg) -> String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let length = buffer.withUnsafeMutableBufferPointer { bytes in
            withVaList([value]) { arguments in
                guard let base = bytes.baseAddress else { return Int32(0) }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    vsnprintf($0, bytes.count, pattern, arguments)
                }
            }
        }
        return String(decoding: buffer.prefix(min(max(Int(length), 0), buffer.count - 1)), as: UTF8.self)
    }

    /// Cuts a line to the terminal's width so `\r` can rewrite it (a wrapped line cannot).
    static func clipped(_ text: String, to columns: Int) -> String {
        guard columns > 0, text.count > columns else { return text }
        return String(text.prefix(max(columns - 1, 0))) + "…"
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
