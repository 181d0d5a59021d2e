import Crypto
import Foundation

/// What a run did that a run record keeps (docs/reproducibility.md): every data or weights file read with
/// its SHA-256, and one entry per `train`, `evaluate` or `cross_validate` call. The
/// training builtins write it; `--record` serialises it; `regula verify` compares it.
/// One per interpreter, reached as `evaluator.journal`.
public final class RunJournal {
    /// A file the script read.
    public struct FileRead: Sendable, Equatable {
        /// The path as the script wrote it (relative to the script).
        public let path: String
        /// The path that was opened.
        public internal(set) var resolvedPath: String
        /// `data` (csv) or `weights` (load).
        public let kind: String
        public let size: Int
        /// Lower-case hex SHA-256 of the bytes read.
        public let sha256: String
    }

    /// One recorded call: `kind` is `train`, `evaluate` or `cross_validate`; `details` is a
    /// record value (configuration, per-epoch history, final metrics) whose numbers
    /// `regula verify` compares.
    public struct Entry {
        public let kind: String
        public let details: Value
    }

    public private(set) var files: [FileRead] = []
    public private(set) var entries: [Entry] = []
    /// Result files the script wrote (weights from `save`), every write in order: a run
    /// record keeps their SHA-256 so that `regula verify` checks them bit for bit.
    public private(set) var writes: [FileRead] = []

    public init() {}

    /// Records a file read (once per resolved path and content).
    public func recordFile(path: String, resolvedPath: String, kind: String, contents: [UInt8]) {
        let digest = RunJournal.sha256Hex(contents)
        let read = FileRead(path: path, resolvedPath: resolvedPath, kind: kind, size: contents.count, sha256: digest)
        if !files.contains(read) { files.append(read) }
    }

    /// Records a result file written (`path` as the script gave it).
    public func recordWrite(path: String, resolvedPath: String, kind: String, contents: [UInt8]) {
        writes.append(FileRead(path: path, resolvedPath: resolvedPath, kind: kind, size: contents.count,
                               sha256: RunJournal.sha256Hex(contents)))
    }

    public func record(_ kind: String, _ details: Value) {
        entries.append(Entry(kind: kind, details: details))
    }

    /// What was recorded after a point: one unit's share when units run on several
    /// processes (the process that runs it records it, every process replays it in order).
    struct Changes {
        var files: [FileRead] = []
        var entries: [Entry] = []
        var writes: [FileRead] = []
    }

    var mark: (files: Int, entries: Int, writes: Int) { (files.count, entries.count, writes.count) }

    /// Removes and returns what was recorded since `mark`.
    func take(since mark: (files: Int, entries: Int, writes: Int)) -> Changes {
        defer {
            files.removeSubrange(mark.files...)
            entries.removeSubrange(mark.entries...)
            writes.removeSubrange(mark.writes...)
        }
        return Changes(files: Array(files[mark.files...]), entries: Array(entries[mark.entries...]), writes: Array(writes[mark.writes...]))
    }

    func replay(_ changes: Changes) {
        for read in changes.files where !files.contains(read) { files.append(read) }
        entries += changes.entries
        writes += changes.writes
    }

    public func clear() {
        files.removeAll()
        entries.removeAll()
        writes.removeAll()
    }

    /// Lower-case hex SHA-256.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
