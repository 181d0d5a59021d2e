import Foundation

/// Where imported scripts come from: the files on disk or, for `regula verify`, the
/// copies a run record holds (`InterpreterOptions.sources`, keyed by absolute path with
/// `.` and `..` removed). The checker, the `param` scanner and `import` all read through
/// it, so a verified run never sees today's files where the record has a copy.
struct ScriptLoader {
    enum Outcome {
        /// `key` identifies the file for "runs once" and cycle checks.
        case found(key: String, text: String)
        case notFound
        case unreadable
        /// Verifying a record that holds no copy of this file: today's file is not read.
        case notRecorded
    }

    var sources: [String: String]

    /// The script at absolute path `full`.
    func load(_ full: String) -> Outcome {
        if !sources.isEmpty {
            // A record's copies only: a file it lacks is not read from today's disk.
            guard let text = sources[Self.normalized(full)] else { return .notRecorded }
            return .found(key: Self.normalized(full), text: text)
        }
        guard let canonical = Evaluator.canonicalPath(full) else { return .notFound }
        guard let text = Evaluator.readScript(canonical) else { return .unreadable }
        return .found(key: canonical, text: text)
    }

    /// The identity of the script at `full` without reading it (nil if it does not exist).
    func key(_ full: String) -> String? {
        if !sources.isEmpty { return Self.normalized(full) }
        return Evaluator.canonicalPath(full)
    }

    /// True when only the host's copies are read (`regula verify`).
    var readsCopiesOnly: Bool { !sources.isEmpty }

    /// `path` without `.` segments, `..` segments (lexically) and repeated slashes.
    /// Symbolic links are left alone: a record names files the way the run reached them.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
