import Dispatch
import Foundation
import Synchronization

/// A fixed set of worker threads for deterministic parallel loops in a hot path: like
/// `ParallelLoop`, it runs blocks whose boundaries the caller fixes (so results never
/// depend on the thread count), but it allocates nothing per call — the threads and
/// semaphores are made once, in `init` — so a training step that runs parallel products
/// stays allocation-free (`DispatchQueue.concurrentPerform` copies its closure to the heap
/// on every call). The calling thread works too; `threads − 1` helpers are started.
public final class WorkerPool: @unchecked Sendable {
    /// Threads that run a loop's blocks, the caller included (at least 1).
    public let threads: Int
    private let shared: Shared

    /// A pool of `threads` threads (the caller plus `threads − 1` helpers, started now).
    public init(threads: Int) {
        self.threads = Swift.max(1, threads)
        shared = Shared(helpers: self.threads - 1)
        for helper in 0..<(self.threads - 1) {
            let shared = self.shared
            let thread = Thread { shared.serve(helper) }
            thread.name = "regula-worker-\(helper + 1)"
            thread.start()
        }
    }

    deinit { shared.stopHelpers() }

    /// Runs `job.run(block:)` for every block in `0..<blocks`, in unspecified order and
    /// possibly concurrently; returns when all are done. Each block must write only its own
    /// outputs. With one thread or one block it is a plain loop. The job is copied into
    /// storage made in `init` (it must be plain data of at most 256 bytes, e.g. pointers and
    /// numbers): no closure context, no existential box, so nothing is allocated.
    public func forEachBlock<Job: BlockJob>(_ blocks: Int, _ job: Job) {
        guard blocks > 0 else { return }
        if threads == 1 || blocks == 1 {
            for block in 0..<blocks { job.run(block: block) }
            return
        }
        precondition(_isPOD(Job.self) && MemoryLayout<Job>.size <= Shared.jobBytes
                     && MemoryLayout<Job>.alignment <= 16, "WorkerPool jobs are plain data of at most 256 bytes")
        shared.job.initializeMemory(as: Job.self, repeating: job, count: 1)
        shared.run(blocks: blocks, kind: Job.self)
    }
}

/// One parallel loop's work: `run(block:)` computes block `block` (plain data: pointers
/// and numbers; see `WorkerPool.forEachBlock`).
public protocol BlockJob {
    func run(block: Int)
    /// Runs block `block` of the job stored at `raw` (the default reads `Self` there).
    static func run(at raw: UnsafeRawPointer, block: Int)
}

extension BlockJob {
    public static func run(at raw: UnsafeRawPointer, block: Int) {
        raw.assumingMemoryBound(to: Self.self).pointee.run(block: block)
    }
}

/// The state the helpers share with the caller. Access is ordered by the semaphores: the
/// caller writes `job` and `blocks` before signalling `start`, and reads nothing the
/// helpers write until every helper has signalled `done`.
private final class Shared: @unchecked Sendable {
    static let jobBytes = 256
    let starts: [DispatchSemaphore]
    let done = DispatchSemaphore(value: 0)
    let next = Atomic<Int>(0)
    let job = UnsafeMutableRawPointer.allocate(byteCount: jobBytes, alignment: 16)
    var kind: (any BlockJob.Type)?
    var blocks = 0
    var stopping = false

    init(helpers: Int) {
        starts = (0..<helpers).map { _ in DispatchSemaphore(value: 0) }
    }

    deinit { job.deallocate() }

    func run(blocks: Int, kind: any BlockJob.Type) {
        self.kind = kind
        self.blocks = blocks
        next.store(0, ordering: .relaxed)
        for start in starts { start.signal() }
        work()
        for _ in starts { done.wait() }
    }

    func work() {
        guard let kind else { return }
        while true {
            let block = next.add(1, ordering: .relaxed).oldValue
            if block >= blocks { return }
            kind.run(at: job, block: block)
        }
    }

    func serve(_ helper: Int) {
        while true {
            starts[helper].wait()
            if stopping { return }
            work()
            done.signal()
        }
    }

    func stopHelpers() {
        stopping = true
        for start in starts { start.signal() }
    }
}
