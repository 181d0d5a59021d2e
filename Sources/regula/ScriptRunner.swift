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
        // Under an MPI launcher every process runs the script; process 0 alone prints.
        let group: MPIProcessGroup?
        switch Self.joinMPIJob(console: console, scriptPath: path) {
        case .success(let joined): group = joined
        case .failure(let status): return status.code
        }
        defer { group?.finalize() }
        console.isSilent = (group?.rank ?? 0) != 0
        let source: ScriptSource
        do {
            source = try ScriptSource.read(path)
        } catch {
            console.errorMessage(error.message)
            return 1
        }
        InterruptHandler.install(secondInterruptExits: true)
        var options = script.interpreterOptions(params: params.values)
        options.processGroup = group
        let host = InterpreterHost(options: options, console: console, quiet: display.quiet)
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
        // Under MPI only process 0 writes (every other one's console is silent).
        if let recording, !console.isSilent, !recording.write(source: source, console: console) { return 1 }
        if let report, let reportPath, !console.isSilent {
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

    struct Status: Error {
        let code: Int32
    }

    /// The MPI job this process belongs to when a launcher started it (nil without one);
    /// a usage error, said once, when MPI cannot start or the script is standard input.
    static func joinMPIJob(console: Console, scriptPath: String) -> Result<MPIProcessGroup?, Status> {
        let env = Environment()
        guard let launcher = MPIProcessGroup.launcher(env) else { return .success(nil) }
        let group: MPIProcessGroup
        do {
            group = try MPIProcessGroup(launcher: launcher, env: env)
        } catch {
            // Each process fails alike: the first says why.
            if MPIProcessGroup.launcherRank(env) == 0 { console.errorMessage(error.message) }
            return .failure(Status(code: UsageMessage.exitStatus))
        }
        if scriptPath == "-" {
            if group.rank == 0 { console.errorMessage("under MPI the script must be a file: mpirun gives standard input to process 0 only") }
            group.finalize()
            return .failure(Status(code: UsageMessage.exitStatus))
        }
        return .success(group)
    }
}
