import ArgumentParser
import Foundation
import RegulaInterpreter

/// `regula verify RECORD`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run a run record's sources and compare every recorded number.",
        discussion: """
            First checks the SHA-256 of every data and weights file the record names; then \
            re-runs the script and imports stored in the record (not the files on disk) with \
            the recorded seed, params and thread count, and compares the per-epoch history, \
            metrics, evaluate results and output. Exit status: 0 everything matches, 1 a \
            difference, a changed or missing file, or a bad record, 2 bad usage.
            """)

    @Argument(help: ArgumentHelp("The run record (written by `regula run --record`).", valueName: "record"))
    var record: String

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Accept numbers whose relative difference is at most T (0: bit-identical).",
                           valueName: "t"))
    var tolerance: Double = 0

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Re-run with N threads instead of the recorded count.", valueName: "n"))
    var threads: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The directory that now holds what the recorded script's directory held (a record from another machine or checkout).",
            valueName: "dir"))
    var root: String?

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw ValidationError("--tolerance must be a non-negative number (got \(tolerance))")
        }
        if let root {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--root must be a directory (got '\(root)')")
            }
        }
        if let threads, !(1...InterpreterOptions.maxThreads).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(InterpreterOptions.maxThreads) (got \(threads))")
        }
    }

    func run() throws {
        let verification = RecordVerification(
            path: record, tolerance: tolerance, threads: threads,
            root: root.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, console: Console(noColor: display.noColor),
            quiet: display.quiet)
        throw ExitCode(verification.run())
    }
}
