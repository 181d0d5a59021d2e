#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CReadline
import Synchronization

/// The terminal REPL's input loop, on GNU readline's callback interface.
///
/// Why callbacks: a blocking `readline()` cannot be woken by our SIGINT handler (which
/// only sets an atomic flag). Here `poll()` waits for a key, and the loop looks at the flag
/// whenever poll returns: on EINTR, or at the latest after `pollInterval` (the signal may
/// be delivered to another thread, which leaves poll asleep). While an entry runs, readline's handler is removed,
/// so the terminal is in its normal mode and Ctrl-C reaches `train` through the token.
final class LineEditor {
    static let prompt = "regula> "
    static let continuationPrompt = "   ...> "
    /// Milliseconds between two looks at the Ctrl-C flag while waiting for a key.
    static let pollInterval: Int32 = 50

    private let session: ReplSession
    private let history: ReplHistory

    init(session: ReplSession, history: ReplHistory) {
        self.session = session
        self.history = history
    }

    func run() {
        regula_use_utf8_locale()
        if let problem = history.load() { session.console.warningMessage(problem) }
        ReplCompleter.install(session: session)
        defer {
            ReplCompleter.uninstall()
            if let problem = history.save() { session.console.errorMessage(problem) }
        }
        let token = InterruptHandler.token
        token.reset()
        LineEditor.installTerminalSignalHandlers()
        installHandler()
        // The lines of the entry being typed: it goes into the history as one entry.
        var entry: [String] = []
        while true {
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, LineEditor.pollInterval)
            let pollError = errno  // before anything else can change it
            if token.isCancelled {
                // Ctrl-C at the prompt: abandon the line (and any unfinished entry).
                token.reset()
                regula_rl_abandon_line()
                rl_callback_handler_remove()
                session.console.output("\n")
                session.discardPendingInput()
                history.add(entry.joined(separator: "\n"))  // to fix and run again
                entry = []
                installHandler()
                continue
            }
            if LineEditor.resumed.exchange(false, ordering: .relaxed) {
                regula_rl_resume()
            }
            if LineEditor.resized.exchange(false, ordering: .relaxed) {
                rl_resize_terminal()
            }
            if ready < 0 {
                if pollError == EINTR { continue }
                break
            }
            guard ready > 0 else { continue }
            rl_callback_read_char()
            guard let input = LineEditor.received else { continue }
            LineEditor.received = nil
            guard case .line(let line) = input else {
                session.console.output("\n")  // Ctrl-D: end the prompt's line
                history.add(entry.joined(separator: "\n"))
                break
            }
            entry.append(line)
            session.handle(line: line)
            if !session.isContinuing {
                history.add(entry.joined(separator: "\n"))
                entry = []
            }
            if session.wantsToQuit { break }
            installHandler()
        }
        rl_callback_handler_remove()
    }

    private func installHandler() {
        LineEditor.resumed.store(false, ordering: .relaxed)  // installing preps and draws anew
        rl_callback_handler_install(
            session.isContinuing ? LineEditor.continuationPrompt : LineEditor.prompt,
            lineReceived)
    }

    /// Set by the SIGCONT handler: the process was stopped and continued (Ctrl-Z, `fg`).
    static let resumed = Atomic<Bool>(false)
    /// Set by the SIGWINCH handler: the terminal changed size. (Readline's own handler is
    /// installed only while it reads a key in callback mode; this one is always there.)
    static let resized = Atomic<Bool>(false)

    private static func installTerminalSignalHandlers() {
        _ = resumed.load(ordering: .relaxed)  // initialise the lazy globals first
        _ = resized.load(ordering: .relaxed)
        SignalAction.install(noteResumed, for: SIGCONT)
        SignalAction.install(noteResized, for: SIGWINCH)
        // `kill`, a closed terminal, Ctrl-\: the terminal gets its modes back first (and
        // Ctrl-\ quits plainly instead of showing a crash report).
        regula_save_terminal()
        for signal in [SIGTERM, SIGHUP, SIGQUIT] {
            SignalAction.install(regula_restore_terminal_and_reraise, for: signal)
        }
    }

    enum Input {
        case line(String)
        case endOfInput
    }

    /// The line readline handed to `lineReceived`, picked up by the loop. Readline's
    /// callback is a C function pointer and cannot capture the editor, hence a static.
    nonisolated(unsafe) static var received: Input?
}

/// The SIGCONT handler: one atomic store.
private func noteResumed(_: Int32) {
    LineEditor.resumed.store(true, ordering: .relaxed)
}

/// The SIGWINCH handler: one atomic store.
private func noteResized(_: Int32) {
    LineEditor.resized.store(true, ordering: .relaxed)
}

/// Readline's line handler: stores the line and removes the handler, so readline does not
/// redraw a prompt while the entry runs.
private func lineReceived(_ line: UnsafeMutablePointer<CChar>?) {
    if let line {
        LineEditor.received = .line(String(cString: line))
        free(line)
    } else {
        LineEditor.received = .endOfInput
    }
    rl_callback_handler_remove()
}
