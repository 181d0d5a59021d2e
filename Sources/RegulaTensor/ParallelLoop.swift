import Dispatch
import Synchronization

/// A deterministic parallel-for: work is cut into blocks whose boundaries the caller fixes
/// (never the thread count), and each block writes only its own outputs, so the result is
/// bit-identical with 1, 2 or any number of threads. The blocks are spread over
/// `threads` workers of `DispatchQueue.concurrentPerform`, which take the next block as
/// they become free (the second thread joins 20–60 µs late on these machines).
///
/// The thread count is the caller's value (e.g. from `--threads`), not a global. Work
/// below `minimumParallelNanoseconds` runs on the calling thread: waking a second thread
/// costs more than it saves.
public struct ParallelLoop: Sendable {
    /// Number of threads to use (at least 1).
    public let threads: Int
    /// Estimated work below which a loop runs serially.
    public var minimumParallelNanoseconds: Double

    /// A loop over `threads` threads (at least 1); work estimated below
    /// `minimumParallelNanoseconds` runs serially.
    public init(threads: Int, minimumParallelNanoseconds: Double = 500_000) {
        self.threads = Swift.max(1, threads)
        self.minimumParallelNanoseconds = minimumParallelNanoseconds
    }

    /// A loop that always runs on the calling thread.
    public static let serial = ParallelLoop(threads: 1)

    /// Calls `body(block)` once for every block in `0..<blocks`, in unspecified order and
    /// possibly concurrently. `estimatedNanoseconds` is the whole loop's expected cost.
    public func forEachBlock(_ blocks: Int, estimatedNanoseconds: Double, _ body: (Int) -> Void) {
        guard blocks > 0 else { return }
        let workers = Swift.min(threads, blocks)
        if workers == 1 || estimatedNanoseconds < minimumParallelNanoseconds {
            for block in 0..<blocks { body(block) }
            return
        }
        let next = BlockCounter()
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let block = next.value.add(1, ordering: .relaxed).oldValue
                    if block >= blocks { return }
                    shared.value(block)
                }
            }
        }
    }

    /// Calls `body(range)` for `0..<count` cut into ranges of `blockSize` (the last may be
    /// shorter). `nanosecondsPerItem` estimates the cost of one item.
    public func forEachRange(
        count: Int, blockSize: Int, nanosecondsPerItem: Double, _ body: (Range<Int>) -> Void
    ) {
        precondition(blockSize > 0, "ParallelLoop block size must be positive")
        let blocks = (count + blockSize - 1) / blockSize
        forEachBlock(blocks, estimatedNanoseconds: Double(count) * nanosecondsPerItem) { block in
            let start = block * blockSize
            body(start..<Swift.min(start + blockSize, count))
        }
    }
}

/// The shared "next block" counter of one parallel loop.
final class BlockCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// Hands a non-Sendable closure to worker threads. Safe here because the loop's blocks
/// write disjoint outputs and `concurrentPerform` returns only when all workers are done.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
