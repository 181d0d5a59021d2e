/// `regula run FILE`: runs one script in a fresh interpreter and returns the exit status.
struct ScriptRunner {
    let script: ScriptOptions
    let params: ParamOptions
    let display: DisplayOptions

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
        let succeeded = host.interpreter.run(source: source.text, name: source.name)
        if !host.usageErrors.isEmpty {
            console.error(UsageMessage.text(errors: host.usageErrorText(), command: RunCommand.self, name: "run"))
            return UsageMessage.exitStatus
        }
        if host.interpreter.wasInterrupted {
            console.error("interrupted\n")
            return InterruptHandler.exitStatus
        }
        return succeeded ? 0 : 1
    }
}
