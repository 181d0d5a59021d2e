import Foundation
import RegulaNN
import XCTest

final class AtomicFileTests: XCTestCase {
    func testWritesReplacesAndLeavesNoTemporaryFile() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.csv"
        try AtomicFile.write(Data("first\n".utf8), to: path)
        try AtomicFile.write(Array("second\n".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["out.csv"])
    }

    func testFailuresNameThePathAndLeaveNothingBehind() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = directory + "/no/such/dir/out.csv"
        XCTAssertEqual(
            assertDataError(.writeFailed) { try AtomicFile.write(Data([1]), to: missing) }?.message,
            "cannot write '\(missing)': No such file or directory")
        XCTAssertEqual(
            assertDataError(.writeFailed) { try AtomicFile.write(Data([1]), to: directory) }?.message,
            "cannot write '\(directory)': it is a directory")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }
}
