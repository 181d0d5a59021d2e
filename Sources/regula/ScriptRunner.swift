/// `regula run FILE`: runs one script in a fresh interpreter and returns the exit status.
struct ScriptRunner {
    let script: ScriptOptions
    let params: ParamOptions
    let display: DisplayOptions
    /// `--record FILE`.
    var recordPath: String? = nil

    func run(path: String) -> Int32 {
        let console = Console(noColor: display.noColor)
        let source: ScriptSource
        do {
            source = try ScriptSource.read(path)
        } catch {
            console.errorMessage(error.message)
            return 1
        }
        // Under an MPI launcher every process runs the script; process 0 alone prints.
        var group: MPIProcessGroup?
        let env = Environment()
        if let launcher = MPIProcessGroup.launcher(env) {
            do {
                group = try MPIProcessGroup(launcher: launcher, env: env)
            } catch {
                // Each process fails alike: the first says why.
                let rank = env["OMPI_COMM_WORLD_RANK"] ?? env["PMIX_RANK"] ?? env["PMI_RANK"] ?? env["SLURM_PROCID"] ?? "0"
                if rank == "0" { console.errorMessage(error.message) }
                return UsageMessage.exitStatus
            }
        }
        defer { group?.finalize() }
        if group != nil && path == "-" {
            // mpirun gives standard input to process 0 only.
            if group?.rank == 0 { console.errorMessage("under MPI the script must be a file: mpirun gives standard input to process 0 only") }
            return UsageMessage.exitStatus
        }
        console.isSilent = (group?.rank ?? 0) != 0
        InterruptHandler.install(secondInterruptExits: true)
        var options = script.interpreterOptions(params: params.values)
        options.processGroup = group
        let host = InterpreterHost(options: options, console: console, quiet: display.quiet)
        let recording = recordPath.map { RecordedRun(host: host, path: $0) }
        let succeeded = recording?.recorder.run(source: source.text, name: source.name)
            ?? host.interpreter.run(source: source.text, name: source.name)
        if !host.usageErrors.isEmpty {
            console.error(UsageMessage.text(errors: host.usageErrorText(), command: RunCommand.self, name: "run"))
            return UsageMessage.exitStatus
        }
        if let recording, !console.isSilent, !recording.write(source: source, console: console) { return 1 }
        if host.interpreter.wasInterrupted {
            console.error("interrupted\n")
            return InterruptHandler.exitStatus
        }
        return succeeded ? 0 : 1
    }
}
