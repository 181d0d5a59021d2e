#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Installing a signal handler with `sigaction`.
enum SignalAction {
    /// Makes `handler` (a plain C function: it may only do async-signal-safe work, such
    /// as an atomic store) the handler of `signal`. SA_RESTART keeps blocking reads going;
    /// `poll()` still returns EINTR, which the REPL's loop relies on.
    static func install(_ handler: @convention(c) (Int32) -> Void, for signal: Int32) {
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = handler
        #else
        action.__sigaction_handler.sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }
}
