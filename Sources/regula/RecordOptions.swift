import ArgumentParser
import RegulaInterpreter

/// `--record FILE` on `regula run`: write a JSON run record (docs/reproducibility.md).
struct RecordOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Write a JSON run record (sources, seed, params, data digests, results) to FILE.",
                           valueName: "file"))
    var record: String?

    func validate() throws {
        if let record, record.isEmpty { throw ValidationError("--record expects a file name") }
    }
}

/// Runs a script while recording it, and writes the record — also when the script fails
/// or is interrupted (its status and errors say so), but not after a usage error, when
/// nothing ran.
struct RecordedRun {
    let recorder: RunRecorder
    let path: String

    init(host: InterpreterHost, path: String) {
        recorder = RunRecorder(host.interpreter, regulaVersion: RegulaVersion.current)
        self.path = path
    }

    /// Writes the record of the run of `source`; false (after an `error:` line) if it
    /// cannot be written.
    func write(source: ScriptSource, console: Console) -> Bool {
        do {
            try recorder.record(scriptName: source.name, scriptText: source.text).write(to: path)
            return true
        } catch {
            console.errorMessage("cannot write the run record: \(error)")
            return false
        }
    }
}
