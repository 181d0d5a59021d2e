import RegulaNN

/// File access for hosts (the CLI and the REPL), by the rules the interpreter's own reads
/// and writes follow: reads take regular files only, never block and stop at a limit
/// (`FileReader`); writes go to a temporary name and are renamed, through symbolic links,
/// never over a device, pipe or socket (`AtomicFile`).
public enum HostFiles {
    public typealias ReadFailure = FileReader.Failure

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int) throws(ReadFailure) -> [UInt8] {
        try FileReader.read(path, limit: limit)
    }

    /// Everything left on descriptor `fd` (standard input, say), at most `limit` bytes.
    public static func read(fd: Int32, limit: Int) throws(ReadFailure) -> [UInt8] {
        try FileReader.read(fd: fd, limit: limit)
    }

    /// Text read from a file (a run record's field, a name), escaped and clipped for a
    /// message (`InputText`).
    public static func shown(_ text: String, limit: Int = InputText.maxCharacters) -> String {
        InputText.clipped(text, limit: limit)
    }

    /// Writes `bytes` to `path` atomically; the error's message names the path and why.
    public static func write(_ bytes: [UInt8], to path: String) throws(HostFileWriteError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let error as DataError {
            throw HostFileWriteError(message: error.message)
        } catch {
            throw HostFileWriteError(message: "cannot write '\(path)': \(error)")
        }
    }
}

/// A failed `HostFiles.write`: `cannot write 'path': reason`.
public struct HostFileWriteError: Error {
    public var message: String
}
