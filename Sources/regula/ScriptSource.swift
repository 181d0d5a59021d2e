#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaInterpreter

/// A script's text and the name diagnostics show for it: the path as given, or
/// `<stdin>` for `-`.
struct ScriptSource {
    let name: String
    let text: String

    /// The largest script read, as for `import`: a device like /dev/zero never ends.
    static let maxBytes = 16 << 20

    /// Reads `path` (`-` is standard input). Throws `CommandFailure` with
    /// `cannot read 'x.reg': No such file or directory` and the like. A named pipe or a
    /// device is read too (`regula run <(make-script)`), waiting for its writer as `cat`
    /// would, and never past `maxBytes`; `regularOnly` (the REPL's `:load`, which must not
    /// block) refuses anything but a regular file.
    static func read(_ path: String, regularOnly: Bool = false) throws(CommandFailure) -> ScriptSource {
        if path == "-", !regularOnly {
            return ScriptSource(name: "<stdin>", text: try readAll(fd: 0, path: "<stdin>"))
        }
        if regularOnly {
            let bytes: [UInt8]
            do {
                bytes = try HostFiles.read(path, limit: maxBytes)
            } catch {
                throw CommandFailure(error, path: path)
            }
            return ScriptSource(name: path, text: try decode(bytes, path: path))
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
        let bytes: [UInt8]
        do {
            bytes = try HostFiles.read(fd: fd, limit: maxBytes)
        } catch {
            throw CommandFailure(error, path: path)
        }
        return try decode(bytes, path: path)
    }

    /// The text of a script's bytes; a Latin-1 file would otherwise run with U+FFFD in
    /// its strings.
    private static func decode(_ bytes: [UInt8], path: String) throws(CommandFailure) -> String {
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

/// Why a command failed before or around the interpreter: printed as `error: ...`.
enum CommandFailure: Error {
    case unreadable(String, errno: Int32)
    case notRegularFile(String)
    case tooLarge(String)
    case notUTF8(String, line: Int, column: Int, byte: UInt8)

    init(_ failure: HostFiles.ReadFailure, path: String) {
        switch failure {
        case .notFound: self = .unreadable(path, errno: ENOENT)
        case .isDirectory: self = .unreadable(path, errno: EISDIR)
        case .notRegularFile: self = .notRegularFile(path)
        case .tooLarge: self = .tooLarge(path)
        case .system(let code): self = .unreadable(path, errno: code)
        }
    }

    var message: String {
        switch self {
        case .unreadable(let path, let code):
            return "cannot read '\(path)': \(String(cString: strerror(code)))"
        case .notRegularFile(let path):
            return "cannot read '\(path)': it is not a regular file (a device, pipe or socket); :load reads files"
        case .tooLarge(let path):
            return "cannot read '\(path)': a script is at most \(ScriptSource.maxBytes >> 20) MB of text (is it a script?)"
        case .notUTF8(let path, let line, let column, let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "cannot read '\(path)': it is not UTF-8 text (byte 0x\(hex.count < 2 ? "0" + hex : hex) at line \(line), column \(column));"
                + " scripts are UTF-8: convert it, e.g. with iconv -f latin1 -t utf-8"
        }
    }
}
