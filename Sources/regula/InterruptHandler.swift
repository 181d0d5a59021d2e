#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaNN

/// Ctrl-C handling. The signal handler only sets the process's cancellation token (one
/// lock-free atomic store), which `train` checks between steps and the REPL's input loop
/// checks after `poll()` wakes up. If the token is still set when Ctrl-C comes again, the
/// first press was not honoured (a script busy outside `train`): the process exits at once
/// with status 130.
enum InterruptHandler {
    /// The one cancellation token of this process, given to every interpreter it creates.
    /// A constant: the handler can reach it without capturing anything.
    static let token = CancellationToken()

    /// The exit status after an interrupt (128 + SIGINT).
    static let exitStatus: Int32 = 130

    /// Installs the SIGINT handler. Safe to call more than once.
    static func install() {
        _ = token.isCancelled  // initialise the lazy global before any signal can arrive
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = handleInterrupt
        #else
        action.__sigaction_handler.sa_handler = handleInterrupt
        #endif
        sigemptyset(&action.sa_mask)
        // SA_RESTART keeps plain reads going; poll() still returns EINTR, which the REPL needs.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }
}

/// The SIGINT handler: async-signal-safe (an atomic load and store, or `_exit`).
private func handleInterrupt(_: Int32) {
    if InterruptHandler.token.isCancelled {
        _exit(InterruptHandler.exitStatus)
    }
    InterruptHandler.token.cancel()
}
