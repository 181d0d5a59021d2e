#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of standard input for a piped REPL session, each at most `maxLineBytes`:
/// `readLine` would grow one line without end on input with no newline
/// (`regula repl < /dev/zero`). A line ends at `\n` (a `\r` before it is dropped); the
/// last line may lack its newline.
struct InputLines {
    /// As long as a whole script may be.
    static let maxLineBytes = ScriptSource.maxBytes

    enum Line {
        case text(String)
        /// A line longer than `maxLineBytes`: the session stops.
        case tooLong
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline goes on (bytes before it hold none).
    private var scanned = 0
    private var atEnd = false

    /// The next line, or nil at the end of the input (or on a read error).
    mutating func next() -> Line? {
        while true {
            if let newline = buffer[max(start, scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                scanned = start
                return .text(line)
            }
            scanned = buffer.count
            if buffer.count - start > Self.maxLineBytes { return .tooLong }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return .text(line)
            }
            fill()
        }
    }

    /// Reads another chunk, dropping the lines already returned.
    private mutating func fill() {
        if start > 0 {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if count > 0 {
            buffer += chunk[0..<count]
        } else if count == 0 || errno != EINTR || InterruptHandler.token.isCancelled {
            atEnd = true  // the end, an error, or Ctrl-C while waiting for input
        }
    }
}
