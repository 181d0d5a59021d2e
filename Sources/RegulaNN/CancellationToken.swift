import Synchronization

/// A flag a host sets (e.g. from a SIGINT handler) to stop a running `train` between two
/// steps. Setting it is a single lock-free atomic store, safe inside a signal handler.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
