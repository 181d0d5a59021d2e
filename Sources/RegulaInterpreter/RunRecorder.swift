import Dispatch
import Foundation
import RegulaNN
import RegulaSyntax

/// Watches one script run of an `Interpreter` and builds its `RunRecord`: it chains onto
/// the host's `onOutput` and `onDiagnostic` (create it after setting them; the host keeps
/// printing as before), times the run, and reads the interpreter's sources, params and
/// journal afterwards.
///
///     let recorder = RunRecorder(interpreter, regulaVersion: "0.1.0")
///     let ok = recorder.run(source: text, name: "exp.reg")
///     try recorder.record().write(to: "run.json")
public final class RunRecorder {
    public let interpreter: Interpreter
    public let regulaVersion: String
    private var output = ""
    private var errors: [JSONValue] = []
    private var started = Date()
    private var seconds = 0.0
    private var succeeded = false

    public init(_ interpreter: Interpreter, regulaVersion: String) {
        self.interpreter = interpreter
        self.regulaVersion = regulaVersion
        let previousOutput = interpreter.onOutput
        interpreter.onOutput = { [unowned self] text in
            self.output += text
            previousOutput(text)
        }
        let previousDiagnostic = interpreter.onDiagnostic
        interpreter.onDiagnostic = { [unowned self] diagnostic in
            if diagnostic.severity == .error { self.errors.append(Self.json(diagnostic)) }
            previousDiagnostic(diagnostic)
        }
    }

    /// Runs the script (as `Interpreter.run`) and remembers how long it took.
    @discardableResult
    public func run(source: String, name: String) -> Bool {
        started = Date()
        let start = DispatchTime.now().uptimeNanoseconds
        succeeded = interpreter.run(source: source, name: name)
        seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return succeeded
    }

    /// The record of the last `run`. `scriptName` and `scriptText` are what `run` was given
    /// (a script that failed to parse is not among the interpreter's loaded sources).
    public func record(scriptName: String, scriptText: String) -> RunRecord {
        let cwd = FileManager.default.currentDirectoryPath
        func copy(_ name: String, _ text: String) -> RunRecord.SourceCopy {
            let absolute = name.hasPrefix("/") ? name : cwd + "/" + name
            return RunRecord.SourceCopy(path: name, resolvedPath: ScriptLoader.normalized(absolute),
                                        sha256: RunJournal.sha256Hex(Array(text.utf8)), text: text)
        }
        let options = interpreter.options
        let journal = interpreter.evaluator.journal
        var calls: [(kind: String, entries: [JSONValue])] = RunRecord.standardKinds.map { ($0, []) }
        for entry in journal.entries {
            if let index = calls.firstIndex(where: { $0.kind == entry.kind }) {
                calls[index].entries.append(entry.details.json)
            } else {
                calls.append((entry.kind, [entry.details.json]))
            }
        }
        let params = JSONValue.array(interpreter.resolvedParams.map { param in
            .object([("name", .string(param.name)), ("value", param.value.json), ("overridden", .bool(param.isOverridden))])
        })
        let status = interpreter.wasInterrupted ? "interrupted" : succeeded ? "succeeded" : "failed"
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return RunRecord(
            regulaVersion: regulaVersion, created: formatter.string(from: started), platform: .current(),
            invocation: RunRecord.Invocation(seed: options.seed, threads: options.threads, params: options.params,
                                             processes: options.processGroup?.size ?? 1),
            workingDirectory: cwd, seed: interpreter.experimentDefaults.seed, params: params,
            script: copy(scriptName, scriptText),
            imports: interpreter.loadedSources.dropFirst().map { copy($0.name, $0.text) },
            files: journal.files, written: journal.writes, calls: calls, output: output, status: status, errors: errors,
            wallTimeSeconds: seconds)
    }

    /// An error as `{id, message, file, line, column}` (verify compares all but `file`,
    /// whose spelling depends on where the run was started).
    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .string(diagnostic.id)), ("message", .string(diagnostic.message))]
        if let source = diagnostic.source, let span = diagnostic.span {
            let location = source.location(of: span.start)
            members += [("file", .string(source.name)), ("line", .number(Double(location.line))),
                        ("column", .number(Double(location.column)))]
        }
        return .object(members)
    }
}
