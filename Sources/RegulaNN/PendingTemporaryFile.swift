#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The temporary file `AtomicFile` is writing, removed if SIGTERM or SIGHUP ends the
/// process meanwhile (a `.name.tmp-PID-…` file would otherwise be left behind). While a
/// temporary file exists, handlers for those two signals remove it, put back whatever
/// handling was there before (the REPL's terminal restore, or the default) and raise the
/// signal again; they are uninstalled when the write ends. A host that ends the process
/// itself (a second Ctrl-C) calls `removeNow()` first.
public enum PendingTemporaryFile {
    /// The path, as a C string the signal handler can pass to `unlink`.
    nonisolated(unsafe) private static let path = Atomic<UnsafeMutablePointer<CChar>?>(nil)
    private static let signals: [Int32] = [SIGTERM, SIGHUP]
    /// The actions in place before `begin`, one per signal; read by the handler.
    nonisolated(unsafe) private static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 2)

    /// `temporary` is about to be created.
    static func begin(_ temporary: String) {
        guard let copy = strdup(temporary) else { return }
        guard path.compareExchange(expected: nil, desired: copy, ordering: .sequentiallyConsistent).exchanged else {
            free(copy)  // another write is pending; it keeps the handlers
            return
        }
        for (i, signal) in signals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                PendingTemporaryFile.removeNow()
                let index = received == SIGTERM ? 0 : 1
                sigaction(received, PendingTemporaryFile.previous + index, nil)
                raise(received)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previous + i)
        }
    }

    /// The write is over (renamed or removed).
    static func end() {
        guard let current = path.load(ordering: .sequentiallyConsistent) else { return }
        for (i, signal) in signals.enumerated() { sigaction(signal, previous + i, nil) }
        if path.compareExchange(expected: current, desired: nil, ordering: .sequentiallyConsistent).exchanged {
            free(current)
        }
    }

    /// Removes the pending temporary file, if any. Async-signal-safe (the string is
    /// leaked rather than freed: the process is ending).
    public static func removeNow() {
        if let pending = path.exchange(nil, ordering: .sequentiallyConsistent) { unlink(pending) }
    }
}
