#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A script's text and the name diagnostics show for it: the path as given, or
/// `<stdin>` for `-`.
struct ScriptSource {
    let name: String
    let text: String

    /// The largest script read, as for `import`: a device like /dev/zero never ends.
    static let maxBytes = 16 << 20

    /// Reads `path` (`-` is standard input). Throws `CommandFailure` with
    /// `cannot read 'x.reg': No such file or directory` and the like.
    static func read(_ path: String) throws(CommandFailure) -> ScriptSource {
        if path == "-" {
            return ScriptSource(name: "<stdin>", text: try readAll(fd: 0, path: "<stdin>"))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure.unreadable(path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw CommandFailure.unreadable(path, errno: EISDIR)
        }
        return ScriptSource(name: path, text: try readAll(fd: fd, path: path))
    }

    private static func readAll(fd: Int32, path: String) throws(CommandFailure) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
                if bytes.count > maxBytes { throw CommandFailure.tooLarge(path) }
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw CommandFailure.unreadable(path, errno: errno)
            }
        }
        // A Latin-1 file would otherwise run with U+FFFD in its strings.
        if let offset = firstInvalidUTF8(bytes) {
            let before = bytes[..<offset]
            let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
            let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
            throw CommandFailure.notUTF8(path, line: line, column: column, byte: bytes[offset])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

/// `read(2)` (the name `read` is taken by `ScriptSource.read` inside the type).
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Why a command failed before or around the interpreter: printed as `error: ...`.
enum CommandFailure: Error {
    case unreadable(String, errno: Int32)
    case tooLarge(String)
    case notUTF8(String, line: Int, column: Int, byte: UInt8)

    var message: String {
        switch self {
        case .unreadable(let path, let code):
            return "cannot read '\(path)': \(String(cString: strerror(code)))"
        case .tooLarge(let path):
            return "cannot read '\(path)': a script is at most \(ScriptSource.maxBytes >> 20) MB of text (is it a script?)"
        case .notUTF8(let path, let line, let column, let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "cannot read '\(path)': it is not UTF-8 text (byte 0x\(hex.count < 2 ? "0" + hex : hex) at line \(line), column \(column));"
                + " scripts are UTF-8: convert it, e.g. with iconv -f latin1 -t utf-8"
        }
    }
}
