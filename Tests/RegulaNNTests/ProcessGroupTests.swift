import Foundation
import RegulaNN
import XCTest

/// `IndependentWork` across a process group, the group simulated by threads (one per
/// "rank", meeting at each all-gather): a path's chains dealt among 1, 2, 3 or 5 ranks
/// give every rank the one-process path, bit for bit, failures included. No MPI needed.
final class ProcessGroupTests: XCTestCase {
    func testAPathDealtAmongRanksIsTheOneProcessPathOnEveryRank() throws {
        let data = try SyntheticData.regression(n: 120, features: 12, informative: 4, noise: 0.5, seed: 3).dataset
        let folds = try KFold(rows: data.rows, k: 4, seed: 3).folds
        let penalty = Penalty(terms: [.l1(1, proximal: false), .l2(0.5)])
        let lambdas = try LinearPath.lambdas(.grid(count: 12, minRatio: nil), data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty)
        func path(_ work: IndependentWork) throws -> RegularizationPath {
            try LinearPath.run(data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty, lambdas: lambdas, folds: folds,
                               settings: LinearSolverSettings(), work: work)
        }
        let alone = try path(IndependentWork(threads: 1))
        for size in [1, 2, 3, 5] {
            let paths = ThreadGroup.run(size: size) { group in try? path(IndependentWork(threads: 2, group: group)) }
            for (rank, path) in paths.enumerated() {
                let path = try XCTUnwrap(path, "\(size) ranks, rank \(rank)")
                XCTAssertEqual(path.coefficients?.map(\.weights).map { $0.map(\.bitPattern) }, alone.coefficients?.map(\.weights).map { $0.map(\.bitPattern) })
                XCTAssertEqual(path.coefficients?.map(\.intercepts), alone.coefficients?.map(\.intercepts))
                XCTAssertEqual(path.trainLoss.map(\.bitPattern), alone.trainLoss.map(\.bitPattern))
                XCTAssertEqual(path.iterations, alone.iterations)
                XCTAssertEqual(path.crossValidation, alone.crossValidation)
            }
        }
    }

    func testUnitsAreDealtRoundRobinAndEveryRankGetsAllResultsInOrder() {
        let outcomes = ThreadGroup.run(size: 3) { group -> (ran: [Int], results: [String]) in
            let ran = RanUnits()
            let results = IndependentWork(threads: 2, group: group).map(
                7, encode: { $1.string($0) }, decode: { $0.string() }
            ) { unit -> String in
                ran.add(unit)
                return unit == 4 ? "failed: unit 4" : "unit \(unit) squared is \(unit * unit)"
            }
            return (ran.units.sorted(), results)
        }
        XCTAssertEqual(outcomes.map(\.ran), [[0, 3, 6], [1, 4], [2, 5]])
        let expected = (0..<7).map { $0 == 4 ? "failed: unit 4" : "unit \($0) squared is \($0 * $0)" }
        for outcome in outcomes { XCTAssertEqual(outcome.results, expected) }
    }

    func testEncodingKeepsEveryBit() {
        var writer = ExchangeWriter()
        let doubles = [Double.nan, -0.0, .infinity, .leastNonzeroMagnitude, Double(bitPattern: 0x7ff8_0000_0000_0abc)]
        writer.doubles(doubles)
        writer.floats([Float.nan, -0.0, 3.5])
        writer.string("λ_max ✓")
        writer.optional(Int?.none) { $0.int($1) }
        var reader = ExchangeReader(writer.buffer)
        XCTAssertEqual(reader.doubles()?.map(\.bitPattern), doubles.map(\.bitPattern))
        XCTAssertEqual(reader.floats()?.map(\.bitPattern), [Float.nan, -0.0, 3.5].map(\.bitPattern))
        XCTAssertEqual(reader.string(), "λ_max ✓")
        XCTAssertEqual(reader.optional { $0.int() }, .some(nil))
        XCTAssertTrue(reader.isAtEnd)
        XCTAssertNil(reader.uint8())
        var truncated = ExchangeReader(Array(writer.buffer.prefix(12)))
        XCTAssertNil(truncated.doubles())
    }
}

/// The units one rank ran (its threads add to it concurrently).
private final class RanUnits: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var units: [Int] = []
    func add(_ unit: Int) {
        lock.lock()
        units.append(unit)
        lock.unlock()
    }
}

/// `size` threads standing in for MPI ranks: `allGather` waits until every rank has given
/// its bytes, then hands each the same list.
private final class ThreadGroup: ProcessGroup, @unchecked Sendable {
    let rank: Int
    let size: Int
    private let meeting: Meeting

    private final class Meeting: @unchecked Sendable {
        let condition = NSCondition()
        var round = 0
        var given: [[UInt8]?]
        var gathered: [Int: [[UInt8]]] = [:]
        init(size: Int) { given = Array(repeating: nil, count: size) }
    }

    private init(rank: Int, size: Int, meeting: Meeting) {
        self.rank = rank
        self.size = size
        self.meeting = meeting
    }

    /// `body` on every rank, each on its own thread; the results in rank order.
    static func run<T>(size: Int, _ body: @escaping (ThreadGroup) -> T) -> [T] {
        let meeting = Meeting(size: size)
        let results = Results<T>(count: size)
        let shared = Unchecked(value: body)
        for rank in 0..<size {
            Thread { results.set(rank, shared.value(ThreadGroup(rank: rank, size: size, meeting: meeting))) }.start()
        }
        results.waitForAll()
        return results.values.map { $0! }
    }

    private struct Unchecked<V>: @unchecked Sendable {
        let value: V
    }

    func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        meeting.condition.lock()
        defer { meeting.condition.unlock() }
        let round = meeting.round
        meeting.given[rank] = bytes
        if meeting.given.allSatisfy({ $0 != nil }) {
            meeting.gathered[round] = meeting.given.map { $0! }
            meeting.given = Array(repeating: nil, count: size)
            meeting.round += 1
            meeting.condition.broadcast()
        }
        while meeting.gathered[round] == nil { meeting.condition.wait() }
        return meeting.gathered[round]!
    }

    func abort(_ message: String) -> Never { fatalError(message) }

    private final class Results<T>: @unchecked Sendable {
        let condition = NSCondition()
        var values: [T?]
        var done = 0
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: T) {
            condition.lock()
            values[i] = value
            done += 1
            condition.broadcast()
            condition.unlock()
        }
        func waitForAll() {
            condition.lock()
            while done < values.count { condition.wait() }
            condition.unlock()
        }
    }
}
