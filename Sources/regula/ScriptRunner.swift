import RegulaInterpreter

/// `regula run FILE`: runs one script in a fresh interpreter and returns the exit status.
struct ScriptRunner {
    let script: ScriptOptions
    let params: ParamOptions
    let display: DisplayOptions
    /// `--record FILE`.
    var recordPath: String? = nil
    /// `--report FILE`.
    var reportPath: String? = nil

    func run(path: String) -> Int32 {
        let console = Console(noColor: display.noColor)
        let source: ScriptSource
        do {
            source = try ScriptSource.read(path)
        } catch {
            console.errorMessage(error.message)
            return 1
        }
        InterruptHandler.install(secondInterruptExits: true)
        let host = InterpreterHost(options: script.interpreterOptions(params: params.values), console: console, quiet: display.quiet)
        // A recorded run draws its plots 80 columns wide without colour: `verify` then
        // reproduces its output wherever it runs.
        if recordPath == nil { host.interpreter.plotSettings = console.plotSettings }
        let recording = recordPath.map { RecordedRun(host: host, path: $0) }
        let report = reportPath.map { _ in ReportRecorder(host.interpreter, regulaVersion: RegulaVersion.current) }
        report?.begin(name: source.name, source: source.text)
        let succeeded = recording?.recorder.run(source: source.text, name: source.name)
            ?? host.interpreter.run(source: source.text, name: source.name)
        if !host.usageErrors.isEmpty {
            console.error(UsageMessage.text(errors: host.usageErrorText(), command: RunCommand.self, name: "run"))
            return UsageMessage.exitStatus
        }
        if let recording, !recording.write(source: source, console: console) { return 1 }
        if let report, let reportPath {
            let status = host.interpreter.wasInterrupted ? "interrupted" : succeeded ? "succeeded" : "failed"
            let title = source.name == "-" || source.name.hasPrefix("<") ? "standard input" : source.name
            if !report.write(to: reportPath, title: title, status: status, console: console) { return 1 }
        }
        if host.interpreter.wasInterrupted {
            console.error("interrupted\n")
            return InterruptHandler.exitStatus
        }
        return succeeded ? 0 : 1
    }
}
