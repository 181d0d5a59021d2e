#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard output and error, as the CLI and REPL use them: results to
/// stdout, diagnostics and progress to stderr, and colour or in-place progress only when
/// the stream is a terminal.
///
/// Writes go straight to the file descriptors (no C `FILE` buffering to interleave), except
/// that stdout is buffered when it is not a terminal and flushed before anything goes to
/// stderr, so the two streams keep their order.
final class Console {
    /// True when stdin, stdout and stderr are terminals.
    let inputIsTerminal: Bool
    let outputIsTerminal: Bool
    let errorIsTerminal: Bool
    /// Colour in diagnostics: stderr is a terminal, `NO_COLOR` is unset or empty,
    /// `TERM` is not `dumb`, and no `--no-color`.
    let useColor: Bool

    private var outputBuffer: [UInt8] = []
    /// The in-place progress line currently on screen (stderr), if any.
    private var progressLineVisible = false

    init(noColor: Bool) {
        inputIsTerminal = isatty(0) == 1
        outputIsTerminal = isatty(1) == 1
        errorIsTerminal = isatty(2) == 1
        let env = Environment()
        let noColorSet = !(env["NO_COLOR"] ?? "").isEmpty
        useColor = errorIsTerminal && !noColor && !noColorSet && env["TERM"] != "dumb"
    }

    /// Writes a result (stdout).
    func output(_ text: String) {
        clearProgressLine()
        outputBuffer.append(contentsOf: text.utf8)
        if outputIsTerminal || outputBuffer.count >= 1 << 16 { flushOutput() }
    }

    /// Writes a diagnostic or message (stderr).
    func error(_ text: String) {
        clearProgressLine()
        flushOutput()
        Console.writeAll(2, Array(text.utf8))
    }

    /// Replaces the in-place progress line on stderr (a terminal) with `text`.
    func showProgressLine(_ text: String) {
        flushOutput()
        Console.writeAll(2, Array("\r\u{1B}[2K\(text)".utf8))
        progressLineVisible = true
    }

    /// Erases the in-place progress line so other output starts at column 0.
    func clearProgressLine() {
        guard progressLineVisible else { return }
        progressLineVisible = false
        Console.writeAll(2, Array("\r\u{1B}[2K".utf8))
    }

    func flushOutput() {
        guard !outputBuffer.isEmpty else { return }
        Console.writeAll(1, outputBuffer)
        outputBuffer.removeAll(keepingCapacity: true)
    }

    /// The width of the terminal on stderr, or 80.
    var errorColumns: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `write(2)` until done, retrying after signals; a closed pipe loses the rest.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
