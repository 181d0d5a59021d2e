import Foundation
import RegulaSyntax

/// The one place imported scripts are read and parsed. The `param` scanner, the checker
/// and `import` all ask it for a file; within one run (a script, a `check`, a REPL entry)
/// each file is read and parsed once, so what was scanned and checked is what runs even
/// if the file changes on disk meanwhile. Files come from the disk or, for `regula verify`,
/// from the copies a run record holds (`InterpreterOptions.sources`, keyed by absolute
/// path with `.` and `..` removed): a verified run never sees today's files where the
/// record has a copy.
final class ScriptLoader {
    /// A script read and parsed: `key` identifies the file for "runs once" and cycle checks.
    struct Script {
        var key: String
        var source: SourceFile
        var parsed: ParseResult
    }

    enum Outcome {
        case found(Script)
        case notFound
        case unreadable
        /// Verifying a record that holds no copy of this file: today's file is not read.
        case notRecorded
    }

    private let sources: [String: String]
    /// Keys found this run, by absolute path (nil: no such file).
    private var keys: [String: String?] = [:]
    /// Texts read this run, by key (nil: the file exists but could not be read).
    private var texts: [String: String?] = [:]
    /// Parses this run, by key and display name (diagnostics name the file as the
    /// importer wrote it).
    private var scripts: [String: [String: Script]] = [:]

    init(sources: [String: String]) {
        self.sources = sources
    }

    /// Starts a new run: files are read again when next asked for.
    func forget() {
        keys = [:]
        texts = [:]
        scripts = [:]
    }

    /// The script at absolute path `full`, named `name` in diagnostics.
    func load(_ full: String, name: String) -> Outcome {
        guard let key = key(full) else { return readsCopiesOnly ? .notRecorded : .notFound }
        let text: String?
        if let known = texts[key] {
            text = known
        } else {
            text = readsCopiesOnly ? sources[key] : Evaluator.readScript(key)
            texts[key] = text
        }
        guard let text else { return readsCopiesOnly ? .notRecorded : .unreadable }
        if let script = scripts[key]?[name] { return .found(script) }
        let source = SourceFile(name: name, text: text)
        let script = Script(key: key, source: source, parsed: Parser.parse(source))
        scripts[key, default: [:]][name] = script
        return .found(script)
    }

    /// The identity of the script at `full` without reading it (nil if it does not exist;
    /// with a record's copies, the normalized path whether or not the record holds it).
    func key(_ full: String) -> String? {
        if readsCopiesOnly { return Self.normalized(full) }
        if let known = keys[full] { return known }
        let key = Evaluator.canonicalPath(full)
        keys[full] = key
        return key
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
