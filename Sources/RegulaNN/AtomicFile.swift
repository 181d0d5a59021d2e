#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Writes files all-or-nothing: the bytes go to a temporary file in the same directory,
/// which is flushed to disk (`fsync`) and then renamed over the destination. A reader sees
/// the old file or the new one, never half of one; on any failure the temporary file is
/// removed and the destination is untouched. An existing destination must be a regular file:
/// a directory, a device (`/dev/null`), a pipe or a socket is refused, never replaced.
/// A symbolic link is written through, even one whose target does not exist yet (the
/// target is created, as `echo > link` would). The temporary name fits in the 255 bytes
/// a file name may have, whatever the destination's name; and SIGTERM or SIGHUP while it
/// exists removes it before the signal takes its course.
public enum AtomicFile {
    /// Writes `data` to `path` atomically; a failure throws a `DataError` (`.writeFailed`)
    /// naming the path and the system's reason.
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(bytes: $0, to: path) }
    }

    /// Writes `bytes` to `path` atomically (see `write(_:to:)`).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write(bytes: $0, to: path) }
    }

    private static func write(bytes: UnsafeRawBufferPointer, to path: String) throws {
        guard !path.isEmpty else { throw DataError(.writeFailed, "cannot write a file with an empty name") }
        // The system would cut the name at a NUL and write another file than the one named.
        guard !path.utf8.contains(0) else {
            throw DataError(.writeFailed, "cannot write '\(path)': the name contains a NUL character", path: path)
        }
        // A symbolic link is written through: its target gets the new bytes and the link
        // stays (renaming over the link itself would replace it with a plain file).
        let path = try linkTarget(path)
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw DataError(.writeFailed, "cannot write '\(path)': it is a directory", path: path)
            default:
                // Renaming over /dev/null (or a pipe, a socket) would replace it with a plain file.
                throw DataError(
                    .writeFailed, "cannot write '\(path)': it is not a regular file (a device, pipe or socket)",
                    path: path)
            }
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/" + temporaryName(for: url.lastPathComponent)

        PendingTemporaryFile.begin(temporary)
        defer { PendingTemporaryFile.end() }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path, errno) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw failure(path, code)
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            throw failure(path, code)
        }
        guard close(descriptor) == 0 else { throw failure(path, errno) }
        guard rename(temporary, path) == 0 else { throw failure(path, errno) }
        succeeded = true
        // Make the rename itself durable; a failure here loses nothing already written.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// `.name.tmp-PID-RANDOM`, the name's start cut (at a UTF-8 boundary) so that the
    /// whole stays within NAME_MAX (255 bytes): a valid 250-byte name must not fail with
    /// "File name too long" because of its temporary.
    static func temporaryName(for name: String) -> String {
        var random = SystemRandomNumberGenerator()
        let suffix = ".tmp-\(getpid())-" + String(random.next() as UInt64, radix: 36)
        var stem = Array(name.utf8)
        let room = 255 - 1 - suffix.utf8.count
        if stem.count > room {
            stem = Array(stem.prefix(room))
            while let last = stem.last, last & 0xC0 == 0x80 { stem.removeLast() }  // a cut scalar's tail
            if let last = stem.last, last >= 0xC0 { stem.removeLast() }  // its lead byte
        }
        return "." + String(decoding: stem, as: UTF8.self) + suffix
    }

    /// Where writing `path` really goes: the end of its chain of symbolic links, which
    /// need not exist yet (a dangling link's target is created, not the link replaced).
    static func linkTarget(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { throw failure(path, errno) }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : URL(fileURLWithPath: current).deletingLastPathComponent().path + "/" + target
        }
        throw failure(path, ELOOP)
    }

    private static func failure(_ path: String, _ code: Int32) -> DataError {
        DataError(.writeFailed, "cannot write '\(path)': \(String(cString: strerror(code)))", path: path)
    }
}
