import RegulaTensor

/// Runs independent units of work — the λ-chains of a path: one on all the rows, one per
/// cross-validation fold — and returns their results in unit order. A unit's result
/// depends on its index alone, never on which thread ran it or how many threads there
/// are, so any thread count gives identical results. This is the one place a path fans
/// out: with a process group (MPI ranks) the units are dealt among the processes, each
/// runs its share on its threads, and the encoded results are exchanged, so that every
/// process returns the same values as one process would.
public struct IndependentWork: Sendable {
    /// Threads to run units on (at least 1).
    public let threads: Int
    /// The processes sharing the units; nil: this process runs them all.
    public let group: (any ProcessGroup)?

    public init(threads: Int, group: (any ProcessGroup)? = nil) {
        self.threads = max(1, threads)
        self.group = group
    }

    /// `map` across the processes of `group`: each result travels as `encode` writes it
    /// and comes back through `decode` (which must give the same value, bit for bit).
    public func map<T>(_ count: Int, encode: (T, inout ExchangeWriter) -> Void, decode: (inout ExchangeReader) -> T?,
                       _ body: (Int) -> T) -> [T] {
        guard let group, group.size > 1 else { return map(count, body) }
        var local: [Int: T] = [:]
        let encoded = group.exchange(count) { units in
            let results = map(units.count) { body(units[$0]) }
            for (unit, result) in zip(units, results) { local[unit] = result }
            return results.map { result in
                var writer = ExchangeWriter()
                encode(result, &writer)
                return writer.buffer
            }
        }
        return encoded.enumerated().map { unit, bytes in
            if let mine = local[unit] { return mine }
            var reader = ExchangeReader(bytes)
            guard let value = decode(&reader), reader.isAtEnd else { group.abort("the result of unit \(unit) does not decode") }
            return value
        }
    }

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
