import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// Paths to the data fixtures beside this file and to the repository's `examples/data`.
enum DataFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func csv(_ name: String) -> String { directory.appendingPathComponent("data/\(name)").path }
    static func safetensors(_ name: String) -> String { directory.appendingPathComponent("safetensors/\(name)").path }

    /// A data set the examples use, from `examples/data/` at the repository root.
    static func example(_ name: String) -> String {
        directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/data/\(name)").path
    }

    /// A fresh empty directory for files a test writes.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("regula-nndata-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Asserts that `body` throws a `DataError` of `kind` and returns it (nil otherwise).
@discardableResult
func assertDataError<T>(
    _ kind: DataError.Kind, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) -> DataError? {
    do {
        _ = try body()
        XCTFail("expected a DataError of kind \(kind), nothing was thrown", file: file, line: line)
    } catch let error as DataError {
        XCTAssertEqual(error.kind, kind, "message: \(error.message)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected a DataError, got \(error)", file: file, line: line)
    }
    return nil
}

extension DataFixtures {
    /// `rows` rows where feature j of row i is `100·i + j` and the target is `i`, so every
    /// row of a subset tells where it came from.
    static func table(rows: Int, width: Int = 2) -> Dataset {
        var scalars: [Float] = []
        for row in 0..<rows { for column in 0..<width { scalars.append(Float(100 * row + column)) } }
        return Dataset(
            features: Tensor(shape: [rows, width], scalars: scalars), targets: (0..<rows).map(Float.init),
            featureNames: (0..<width).map { "f\($0)" }, targetName: "t", task: .regression)
    }
}
