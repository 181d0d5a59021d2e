#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole regular file, never more than a limit, without blocking: the one way
/// Regula reads its inputs (scripts, imports, CSV and weights files, run records, the
/// data files `verify` hashes, the REPL's history).
///
/// The file is opened non-blocking (opening a FIFO would otherwise wait for a writer) and
/// checked with `fstat` on the open descriptor (no window for a swap); only a regular file
/// is read. The limit is enforced while reading, never from `st_size`: `/proc/self/pagemap`
/// reports 0 bytes and reads without end.
public enum FileReader {
    public enum Failure: Error, Equatable {
        case notFound
        case isDirectory
        /// A device, FIFO or socket.
        case notRegularFile
        /// More than `limit` bytes.
        case tooLarge(limit: Int)
        /// Any other system error (`EACCES`...).
        case system(errno: Int32)

        /// The reason in words, to follow `cannot read 'x':`.
        public var reason: String {
            switch self {
            case .notFound: return String(cString: strerror(ENOENT))
            case .isDirectory: return "it is a directory, not a regular file"
            case .notRegularFile: return "it is not a regular file (a device, pipe or socket)"
            case .tooLarge(let limit): return "it is larger than \(FileReader.describe(bytes: limit)), the limit for this kind of file"
            case .system(let code): return String(cString: strerror(code))
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = try open(path)
        defer { close(fd) }
        return try read(fd: fd, limit: limit)
    }

    /// Opens `path` for reading without blocking and checks that it is a regular file;
    /// the caller closes the descriptor.
    public static func open(_ path: String) throws(Failure) -> Int32 {
        guard !path.utf8.contains(0) else { throw .notFound }
        let fd = posixOpen(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw .notFound
            case EISDIR: throw .isDirectory
            case ENXIO: throw .notRegularFile  // a socket, or a FIFO without a writer on some systems
            default: throw .system(errno: code)
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .system(errno: code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return fd
        case S_IFDIR:
            close(fd)
            throw .isDirectory
        default:
            close(fd)
            throw .notRegularFile
        }
    }

    /// Reads `fd` to its end, failing past `limit` bytes.
    public static func read(fd: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var info = stat()
        // The size is only a first guess at the capacity: it may be 0 or wrong.
        let hint = fstat(fd, &info) == 0 ? max(0, min(Int(info.st_size), limit)) : 0
        var bytes = [UInt8]()
        bytes.reserveCapacity(hint + 1)
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, chunkSize) }
            if count > 0 {
                guard bytes.count + count <= limit else { throw .tooLarge(limit: limit) }
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw .system(errno: errno)
            }
        }
    }

    /// `16 MB`, `1 GB`, `300 bytes`: a limit in words.
    public static func describe(bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) bytes"
    }
}

/// `open(2)` and `read(2)` (inside `FileReader` the names are its own functions').
private func posixOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }

extension FileReader {
    /// The largest CSV file `csv(...)` reads.
    public static let maxDataFileBytes = 256 << 20
    /// The largest weights file `load` reads: a model of the largest size (10⁸ float32
    /// parameters, 400 MB) fits, even written as float64 by PyTorch.
    public static let maxWeightsFileBytes = 1 << 30

    /// A data or weights file's bytes, or a `DataError` naming it as the script did
    /// (`data/x.csv: no such file (looked for /abs/data/x.csv)`); `kind` names the kind of
    /// file in the size message ("a data file").
    public static func read(_ path: String, shownAs name: String, limit: Int, kind: String) throws(DataError) -> [UInt8] {
        do {
            return try read(path, limit: limit)
        } catch {
            // Names come from the script: escaped, but not cut short like a file's contents.
            let shown = InputText.clipped(name, limit: Int(PATH_MAX))
            switch error {
            case .notFound:
                let lookedFor = path == name ? "" : " (looked for \(InputText.clipped(path, limit: Int(PATH_MAX))))"
                throw DataError(.fileNotFound, "\(shown): no such file\(lookedFor)", path: name)
            case .isDirectory: throw DataError(.unreadableFile, "\(shown): is a directory, not a file", path: name)
            case .notRegularFile:
                throw DataError(.unreadableFile, "\(shown): is not a regular file (a device, pipe or socket)", path: name)
            case .tooLarge(let limit):
                throw DataError(.unreadableFile, "\(shown): is larger than \(describe(bytes: limit)), the limit for \(kind)", path: name)
            case .system(let code):
                throw DataError(.unreadableFile, "\(shown): cannot be read (\(String(cString: strerror(code))))", path: name)
            }
        }
    }
}
