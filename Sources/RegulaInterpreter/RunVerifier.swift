import Foundation
import RegulaNN

/// `regula verify`: re-runs the sources a `RunRecord` holds (imports are served from the
/// record's copies, never from today's files) with the recorded seed, params and
/// (unless overridden) thread count, against the data files the record names, and
/// compares every recorded number.
public struct RunVerifier {
    /// A data or weights file that is not what the record says.
    public struct FileProblem: Equatable, CustomStringConvertible {
        public enum Kind: Equatable {
            case missing
            case notRegularFile
            case resized(bytes: Int)
            /// Longer than recorded (read up to one byte past the recorded size, no further).
            case grown
            case unreadable(String)
            case changed(sha256: String)
        }

        public var file: RunJournal.FileRead
        public var kind: Kind

        public var description: String {
            let name = "\(InputText.clipped(file.kind)) file '\(InputText.clipped(file.path, limit: 200))'"
            let resolvedPath = InputText.clipped(file.resolvedPath, limit: 200)
            switch kind {
            case .missing: return "\(name) is missing (\(resolvedPath))"
            case .notRegularFile: return "\(name) is not a regular file (\(resolvedPath))"
            case .resized(let bytes):
                return "\(name) changed (\(resolvedPath)): recorded \(file.size) bytes, now \(bytes)"
            case .grown:
                return "\(name) changed (\(resolvedPath)): recorded \(file.size) bytes, now more"
            case .unreadable(let reason): return "\(name) cannot be read (\(resolvedPath)): \(reason)"
            case .changed(let digest):
                return "\(name) changed (\(resolvedPath)): recorded sha256 \(InputText.clipped(file.sha256, limit: 64)), now \(digest)"
            }
        }
    }

    public let record: RunRecord
    public var threads: Int
    public var tolerance: Double
    /// Where the recorded script's directory is now (`regula verify --root DIR`), for a
    /// record made on another machine or in another checkout: every recorded path under
    /// the script's old directory is looked up under this one instead. Absolute.
    public var root: String?

    public init(record: RunRecord, threads: Int? = nil, tolerance: Double = 0, root: String? = nil) {
        self.record = record
        self.threads = threads ?? record.invocation.threads
        self.tolerance = tolerance
        self.root = root.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The recorded script's directory when the record was made.
    public var recordedScriptDirectory: String { (record.script.resolvedPath as NSString).deletingLastPathComponent }

    /// `path` moved from the recorded script's directory to `root` (unchanged without a
    /// root, or when it lies elsewhere).
    public func relocated(_ path: String) -> String {
        guard let root else { return path }
        let base = recordedScriptDirectory
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(prefix) else { return path }
        return root + "/" + path.dropFirst(prefix.count)
    }

    /// Every recorded file whose bytes no longer have the recorded SHA-256 (or are gone).
    /// Only regular files are read, and never past their recorded size: a record naming
    /// `/dev/zero`, `/proc/self/pagemap` (size 0, no end) or a huge file cannot make verify
    /// hang or fill memory.
    public func changedFiles() -> [FileProblem] {
        record.files.compactMap { recorded in
            var file = recorded
            file.resolvedPath = relocated(recorded.resolvedPath)
            let bytes: [UInt8]
            do throws(FileReader.Failure) {
                bytes = try FileReader.read(file.resolvedPath, limit: file.size)
            } catch {
                switch error {
                case .notFound: return FileProblem(file: file, kind: .missing)
                case .isDirectory, .notRegularFile: return FileProblem(file: file, kind: .notRegularFile)
                case .tooLarge: return FileProblem(file: file, kind: .grown)
                case .system: return FileProblem(file: file, kind: .unreadable(error.reason))
                }
            }
            guard bytes.count == file.size else { return FileProblem(file: file, kind: .resized(bytes: bytes.count)) }
            let digest = RunJournal.sha256Hex(bytes)
            return digest == file.sha256 ? nil : FileProblem(file: file, kind: .changed(sha256: digest))
        }
    }

    /// Stored scripts whose text no longer matches their recorded SHA-256 (an edited
    /// record): verify still runs the text, and says so.
    public func editedSources() -> [String] {
        ([record.script] + record.imports).filter { RunJournal.sha256Hex(Array($0.text.utf8)) != $0.sha256 }.map { InputText.clipped($0.path, limit: 200) }
    }

    /// The options that reproduce the recorded run: its `--seed` and `--param` values,
    /// the thread count, and the stored sources in place of the files on disk.
    public func interpreterOptions(cancellation: CancellationToken = CancellationToken()) -> InterpreterOptions {
        var sources: [String: String] = [:]
        for copy in record.imports + [record.script] { sources[relocated(copy.resolvedPath)] = copy.text }
        return InterpreterOptions(seed: record.invocation.seed, threads: threads, params: record.invocation.params,
                                  cancellation: cancellation, sources: sources)
    }

    /// The name the script runs under: under `root` when given; as recorded when verify
    /// runs in the recorded working directory (diagnostics read the same), else its
    /// absolute path (relative data paths then resolve where the recorded run found them).
    public var scriptName: String {
        let script = record.script
        if root != nil { return relocated(script.resolvedPath) }
        if FileManager.default.currentDirectoryPath == record.workingDirectory { return script.path }
        return script.resolvedPath
    }

    /// Re-runs the recorded script in `interpreter` (made with `interpreterOptions()`;
    /// the host decides what happens to its output and diagnostics) and compares.
    public func rerun(in interpreter: Interpreter) -> (record: RunRecord, comparison: RecordComparison) {
        let recorder = RunRecorder(interpreter, regulaVersion: record.regulaVersion)
        recorder.run(source: record.script.text, name: scriptName)
        var now = recorder.record(scriptName: scriptName, scriptText: record.script.text)
        now.invocation.threads = threads
        return (now, RecordComparison(recorded: record, now: now, tolerance: tolerance))
    }
}
