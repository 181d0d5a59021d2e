#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Properties a fuzz target checks beyond "no crash": a violation aborts, so libFuzzer
/// saves the input as a crash.
enum FuzzChecks {
    static func fail(_ message: String) {
        printError("fuzz check failed: \(message)")
        abort()
    }

    /// A message quoting the input must not carry control characters to the terminal
    /// (escape sequences, bells) and must stay short whatever the input's size.
    static func requireTerminalSafe(_ message: String) {
        if let bad = message.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }) {
            fail("control character U+\(String(bad.value, radix: 16)) in a message: \(message.debugDescription.prefix(300))")
        }
        if message.utf8.count > 4_000 { fail("a \(message.utf8.count)-byte message") }
    }
}

/// Writes a line to standard error with `write(2)` (Swift 6 forbids touching C's `stderr`).
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
