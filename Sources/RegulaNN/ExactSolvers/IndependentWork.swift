import RegulaTensor

/// Runs independent units of work — the λ-chains of a path: one on all the rows, one per
/// cross-validation fold — and returns their results in unit order. A unit's result
/// depends on its index alone, never on which thread ran it or how many threads there
/// are, so any thread count gives identical results. This is the one place a path fans
/// out: running the units on several processes (MPI) replaces this type only.
public struct IndependentWork: Sendable {
    /// Threads to run units on (at least 1).
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    /// `[body(0), body(1), ..., body(count − 1)]`, the units run concurrently.
    public func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            let shared = UncheckedPointer(slots.baseAddress)
            // Each unit is a whole fit chain: always worth a thread.
            ParallelLoop(threads: threads, minimumParallelNanoseconds: 0).forEachBlock(count, estimatedNanoseconds: .infinity) { unit in
                shared.value?[unit] = body(unit)
            }
        }
        // Every slot is filled: forEachBlock returns once every unit has run.
        return results.compactMap { $0 }
    }
}

/// A pointer handed to the worker threads; each writes only its own element.
private struct UncheckedPointer<T>: @unchecked Sendable {
    let value: UnsafeMutablePointer<T?>?
    init(_ value: UnsafeMutablePointer<T?>?) { self.value = value }
}
