import Foundation

/// Frees the bindings of closures' scopes one after another instead of one inside
/// another. A closure's scope can hold a closure whose scope holds a closure ... (`f =
/// wrap(f)` in a loop makes a chain as long as the loop): freed the ordinary way, each
/// scope's deinit would free the next scope inside it, a few stack frames per link, until
/// the thread's stack overflows. Here, per thread, the outermost release frees the
/// bindings, and a captured scope whose last reference goes meanwhile only queues its own
/// bindings for that loop. (Lists and records need no such care: they nest at most
/// `Value.maxDepth` deep.)
final class ScopeReleaser {
    private var pending: [[String: Environment.Binding]] = []
    private var isDraining = false

    /// Takes `bindings` (leaving them empty) and frees them now or, if this thread is
    /// already freeing scopes, as soon as the loop doing it gets to them.
    static func release(_ bindings: inout [String: Environment.Binding]) {
        let releaser = current
        releaser.pending.append(bindings)
        bindings = [:]
        guard !releaser.isDraining else { return }
        releaser.isDraining = true
        // Each dictionary dropped here may free captured scopes, which queue theirs.
        while let next = releaser.pending.popLast() { _ = next }
        releaser.isDraining = false
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { ScopeReleaser.discard($0) }
        return key
    }()

    /// This thread's releaser.
    private static var current: ScopeReleaser {
        if let stored = pthread_getspecific(key) {
            return Unmanaged<ScopeReleaser>.fromOpaque(stored).takeUnretainedValue()
        }
        let made = ScopeReleaser()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }

    /// The key's destructor: a thread ended.
    private static func discard(_ stored: UnsafeMutableRawPointer?) {
        if let stored { Unmanaged<ScopeReleaser>.fromOpaque(stored).release() }
    }
}
