/// Starts a REPL session: with readline on a terminal, or reading standard input plainly
/// (no prompts, no escape codes, values echoed as on a terminal) otherwise.
struct ReplLauncher {
    let script: ScriptOptions
    let display: DisplayOptions

    func start() -> Int32 {
        let console = Console(noColor: display.noColor)
        // A piped session stops at Ctrl-C like a script; a terminal session goes on.
        InterruptHandler.install(secondInterruptExits: !console.inputIsTerminal)
        let host = InterpreterHost(options: script.interpreterOptions(), console: console, quiet: display.quiet)
        let session = ReplSession(host: host)
        if console.inputIsTerminal {
            if !display.quiet {
                console.output("Regula \(RegulaVersion.current) — :help for commands, Ctrl-D to quit\n")
            }
            LineEditor(session: session, history: ReplHistory(path: ReplHistory.defaultPath())).run()
            // Ctrl-D inside an unfinished entry (an open block) is what end of input is
            // when piped: "unexpected end of input", exit 1 (docs/repl.md).
            let unfinished = session.isContinuing
            session.finishInput()
            return unfinished ? 1 : 0
        }
        return readPlainly(session)
    }

    /// A piped session: exit 1 if any entry failed; Ctrl-C ends it with 130.
    private func readPlainly(_ session: ReplSession) -> Int32 {
        var lines = InputLines()
        while !session.wantsToQuit, !session.wasInterrupted, let line = lines.next() {
            guard case .text(let text) = line else {
                session.console.errorMessage("a line of input is longer than \(InputLines.maxLineBytes >> 20) MB; the session stops")
                return 1
            }
            session.handle(line: text)
        }
        if session.wasInterrupted || InterruptHandler.token.isCancelled { return InterruptHandler.exitStatus }
        session.finishInput()
        return session.failures > 0 ? 1 : 0
    }
}
