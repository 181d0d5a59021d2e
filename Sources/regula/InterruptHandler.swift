#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaInterpreter
import Synchronization

/// Ctrl-C handling. The signal handler only sets the process's cancellation token (one
/// lock-free atomic store), which `train` checks between steps, the evaluator between
/// statements, and the REPL's input loop whenever `poll()` returns. When running a script,
/// a Ctrl-C that finds the token still set means the first was not honoured: the process
/// exits at once with status 130. The terminal REPL never exits on Ctrl-C (people press it
/// twice); a piped one behaves like a script.
enum InterruptHandler {
    /// The one cancellation token of this process, given to every interpreter it creates.
    /// A constant: the handler can reach it without capturing anything.
    static let token = CancellationToken()

    /// The exit status after an interrupt (128 + SIGINT).
    static let exitStatus: Int32 = 130

    /// Whether a second Ctrl-C ends the process (script runs) or not (the REPL).
    static let secondInterruptExits = Atomic<Bool>(false)

    /// Installs the SIGINT handler. Safe to call more than once.
    static func install(secondInterruptExits: Bool) {
        // Initialise the lazy globals before any signal can arrive.
        _ = token.isCancelled
        InterruptHandler.secondInterruptExits.store(secondInterruptExits, ordering: .relaxed)
        SignalAction.install(handleInterrupt, for: SIGINT)
        // Ctrl-\ quits as it does any program; the Swift runtime would otherwise treat it
        // as a crash and show an interactive backtrace.
        signal(SIGQUIT, SIG_DFL)
    }
}

/// The SIGINT handler: async-signal-safe (atomic loads and a store, or `_exit`).
private func handleInterrupt(_: Int32) {
    if InterruptHandler.token.isCancelled && InterruptHandler.secondInterruptExits.load(ordering: .relaxed) {
        PendingTemporaryFile.removeNow()  // a `save` in progress leaves no temporary file
        _exit(InterruptHandler.exitStatus)
    }
    InterruptHandler.token.cancel()
}
