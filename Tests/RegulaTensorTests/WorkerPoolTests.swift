import RegulaTensor
import XCTest

final class WorkerPoolTests: XCTestCase {
    /// Block b writes the sum of its slice into slot b: any thread count, same bits.
    private struct SliceSums: BlockJob {
        let x: UnsafePointer<Float>
        let out: UnsafeMutablePointer<Float>
        let count: Int
        let size: Int
        func run(block: Int) {
            var s: Float = 0
            for i in (block * size)..<Swift.min(count, (block + 1) * size) { s += x[i] }
            out[block] = s
        }
    }

    func testEveryBlockRunsOnceAndResultsDoNotDependOnThreads() {
        let x = (0..<10_000).map { Float($0 % 97) * 0.37 }
        func sums(threads: Int) -> [Float] {
            let pool = WorkerPool(threads: threads)
            var out = [Float](repeating: .nan, count: 40)
            x.withUnsafeBufferPointer { xs in
                out.withUnsafeMutableBufferPointer { o in
                    for _ in 0..<50 {  // many rounds: the helpers are reused
                        pool.forEachBlock(40, SliceSums(x: xs.baseAddress!, out: o.baseAddress!, count: xs.count, size: 250))
                    }
                }
            }
            return out
        }
        let one = sums(threads: 1)
        XCTAssertFalse(one.contains { $0.isNaN })
        XCTAssertEqual(sums(threads: 2).map(\.bitPattern), one.map(\.bitPattern))
        XCTAssertEqual(sums(threads: 3).map(\.bitPattern), one.map(\.bitPattern))
    }
}
