#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The process's standard output and error, as the CLI and REPL use them: results to
/// stdout, diagnostics and progress to stderr, and colour or in-place progress only when
/// the stream is a terminal.
///
/// Writes go straight to the file descriptors, unbuffered: the two streams keep their
/// order, `regula run x.reg | tee log` shows each `print` as it happens, and nothing is
/// lost when a second Ctrl-C ends the process at once.
final class Console {
    /// Whether stdin, stdout and stderr are terminals.
    let inputIsTerminal: Bool
    let outputIsTerminal: Bool
    let errorIsTerminal: Bool
    /// Colour in diagnostics: stderr is a terminal, `NO_COLOR` is unset or empty,
    /// `TERM` is not `dumb`, and no `--no-color`.
    let useColor: Bool
    /// Colour in `plot` figures: the same conditions, for stdout.
    let outputUsesColor: Bool

    /// Whether the terminal understands escape codes (`TERM` is not `dumb`); a dumb one
    /// gets its progress line erased with spaces.
    let terminalHasEscapes: Bool

    /// Set on every MPI process but the first: the job prints once, from process 0.
    var isSilent = false

    /// The in-place progress line currently on screen (stderr), if any.
    private var progressLineVisible = false
    /// The width of the last progress line drawn: what a dumb terminal must blank out.
    private var progressLineWidth = 0

    init(noColor: Bool) {
        inputIsTerminal = isatty(0) == 1
        outputIsTerminal = isatty(1) == 1
        errorIsTerminal = isatty(2) == 1
        let env = Environment()
        let noColorSet = !(env["NO_COLOR"] ?? "").isEmpty
        terminalHasEscapes = env["TERM"] != "dumb"
        useColor = errorIsTerminal && !noColor && !noColorSet && terminalHasEscapes
        outputUsesColor = outputIsTerminal && !noColor && !noColorSet && terminalHasEscapes
    }

    /// Writes a result (stdout).
    func output(_ text: String) {
        guard !isSilent else { return }
        clearProgressLine()
        Console.writeAll(1, Array(text.utf8))
    }

    /// Writes a diagnostic or message (stderr).
    func error(_ text: String) {
        guard !isSilent else { return }
        clearProgressLine()
        Console.writeAll(2, Array(text.utf8))
    }

    /// Replaces the in-place progress line on stderr (a terminal) with `text`; a final
    /// line ends with a newline and stays.
    func showProgressLine(_ text: String, final: Bool = false) {
        guard !isSilent else { return }
        Console.writeAll(2, Array("\(eraseLine)\(text)\(final ? "\n" : "")".utf8))
        progressLineVisible = !final
        progressLineWidth = final ? 0 : text.count
    }

    /// Erases the in-place progress line so other output starts at column 0.
    func clearProgressLine() {
        guard progressLineVisible else { return }
        progressLineVisible = false
        Console.writeAll(2, Array(eraseLine.utf8))
    }

    /// Back to column 0 of a blank line.
    private var eraseLine: String {
        terminalHasEscapes ? "\r\u{1B}[2K" : "\r" + String(repeating: " ", count: progressLineWidth) + "\r"
    }

    /// The width of the terminal on stderr, or 80.
    var errorColumns: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `write(2)` until done, retrying after signals. A failed write (a full disk,
    /// `/dev/full`, a pipe whose reader is gone: SIGPIPE is ignored, see `main.swift`) is
    /// remembered, nothing more is written to that stream, and the process ends with
    /// status 1 (`finalStatus`); the program itself goes on, so a run still finishes and
    /// writes its record.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        if hasFailed(fd) { return }
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    noteFailure(fd, written < 0 ? errno : EIO)
                    return
                }
            }
        }
    }

    /// The `errno` of the first failed write to standard output / error, or 0.
    static let outputFailure = Atomic<Int32>(0)
    static let errorFailure = Atomic<Int32>(0)

    private static func hasFailed(_ fd: Int32) -> Bool {
        switch fd {
        case 1: return outputFailure.load(ordering: .relaxed) != 0
        case 2: return errorFailure.load(ordering: .relaxed) != 0
        default: return false
        }
    }

    private static func noteFailure(_ fd: Int32, _ code: Int32) {
        switch fd {
        case 1: _ = outputFailure.compareExchange(expected: 0, desired: code, ordering: .relaxed)
        case 2: _ = errorFailure.compareExchange(expected: 0, desired: code, ordering: .relaxed)
        default: break
        }
    }

    /// The exit status to end with: `status`, or 1 (the command failed) when a write to
    /// standard output or error failed; a failed standard output is reported on standard
    /// error. An interruption (130) or a usage error (2) keeps its status.
    static func finalStatus(_ status: Int32) -> Int32 {
        let output = outputFailure.load(ordering: .relaxed), error = errorFailure.load(ordering: .relaxed)
        guard output != 0 || error != 0 else { return status }
        if output != 0 {
            writeAll(2, Array("error: cannot write to standard output: \(String(cString: strerror(output)))\n".utf8))
        }
        return status == 0 ? 1 : status
    }
}
