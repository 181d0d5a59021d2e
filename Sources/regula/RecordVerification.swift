import RegulaInterpreter

/// What `regula verify` prints and returns: data file digests first (a changed or missing
/// file ends it), then the re-run and every difference, on standard output; a bad record
/// is an `error:` on standard error. Exit status 0 (all match) or 1.
struct RecordVerification {
    /// Differences printed before the rest are only counted.
    static let maxShownDifferences = 100

    let path: String
    let tolerance: Double
    let threads: Int?
    /// `--root`: where the recorded script's directory is now (absolute).
    let root: String?
    let console: Console
    let quiet: Bool

    func run() -> Int32 {
        let record: RunRecord
        do {
            record = try RunRecord.read(path: path).record
        } catch {
            console.errorMessage(error.message)
            return 1
        }
        let verifier = RunVerifier(record: record, threads: threads, tolerance: tolerance, root: root)
        let problems = verifier.changedFiles()
        if !problems.isEmpty {
            for problem in problems { console.output("verify: \(problem)\n") }
            let count = problems.count == 1 ? "1 file differs" : "\(problems.count) files differ"
            console.output("verify: \(count) from the record; not re-running\n")
            if root == nil, problems.contains(where: { $0.kind == .missing }) {
                console.output(
                    "verify: if the project moved, give the directory that now holds what '\(HostFiles.shown(verifier.recordedScriptDirectory, limit: 200))' held: --root DIR\n")
            }
            return 1
        }
        for edited in verifier.editedSources() {
            console.error("note: the stored text of '\(edited)' does not match its recorded sha256 (an edited record); running it as stored\n")
        }

        InterruptHandler.install(secondInterruptExits: true)
        let interpreter = Interpreter(options: verifier.interpreterOptions(cancellation: InterruptHandler.token))
        // An import the record holds no copy of refuses the record: verify never runs
        // today's version of a file in place of the recorded one.
        if let missing = interpreter.check(source: record.script.text, name: verifier.scriptName)
            .first(where: { $0.id == "import-not-recorded" }) {
            console.errorMessage("'\(path)' cannot be verified: \(missing.message)")
            return 1
        }
        // The re-run's output and errors are compared, not shown.
        interpreter.onOutput = { _ in }
        interpreter.onDiagnostic = { _ in }
        if console.errorIsTerminal && !quiet {
            let reporter = ProgressReporter(console: console) { InterruptHandler.token.isCancelled }
            interpreter.onTrainingProgress = { reporter.report($0) }
        }
        let (now, comparison) = verifier.rerun(in: interpreter)
        if interpreter.wasInterrupted {
            console.error("interrupted\n")
            return InterruptHandler.exitStatus
        }
        return report(comparison, recorded: record, now: now)
    }

    private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    private func report(_ comparison: RecordComparison, recorded: RunRecord, now: RunRecord) -> Int32 {
        var parts = [Self.count(comparison.numbers, "number"), Self.count(comparison.outputLines, "output line")]
        if comparison.writtenFiles > 0 { parts.append(Self.count(comparison.writtenFiles, "saved weights file")) }
        let counts = parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
        guard comparison.differences.isEmpty else {
            for difference in comparison.differences.prefix(Self.maxShownDifferences) {
                console.output("\(difference)\n")
            }
            let hidden = comparison.differences.count - Self.maxShownDifferences
            if hidden > 0 { console.output("... and \(hidden) more\n") }
            let platform = recorded.platform
            if platform.kernels.hasPrefix("OpenBLAS") {
                // Before Regula's own kernels, products rounded as the CPU's OpenBLAS kernels did.
                console.output("note: recorded with \(HostFiles.shown(platform.kernels)) kernels, whose rounding depended on the CPU; this regula's kernels (\(now.platform.kernels)) give the same bits on every CPU\n")
            }
            let noun = comparison.differences.count == 1 ? "difference" : "differences"
            console.output("verify: \(comparison.differences.count) \(noun) (compared \(counts))\n")
            return 1
        }
        if comparison.numbersWithinTolerance > 0 {
            console.output("verify: \(counts) match (\(comparison.numbersWithinTolerance) within tolerance \(tolerance), largest relative difference \(comparison.largestRelativeDifference))\n")
        } else {
            console.output("verify: \(counts) match exactly\n")
        }
        return 0
    }
}
