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

    /// Renaming over a device or a pipe would replace it with a plain file (as root,
    /// `save(m, "/dev/null")` used to turn /dev/null into one); a NUL would cut the name.
    func testRefusesDevicesPipesAndNamesWithNUL() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pipe = directory + "/pipe"
        XCTAssertEqual(mkfifo(pipe, 0o644), 0)
        XCTAssertEqual(
            assertDataError(.writeFailed) { try AtomicFile.write(Data([1]), to: pipe) }?.message,
            "cannot write '\(pipe)': it is not a regular file (a device, pipe or socket)")
        var info = stat()
        XCTAssertEqual(stat(pipe, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")
        let cut = directory + "/a\u{0}b"
        XCTAssertEqual(
            assertDataError(.writeFailed) { try AtomicFile.write(Data([1]), to: cut) }?.message,
            "cannot write '\(cut)': the name contains a NUL character")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["pipe"])
    }

    func testASymbolicLinkIsWrittenThroughAndStaysALink() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/weights.safetensors", link = directory + "/latest.safetensors"
        try AtomicFile.write(Data([1, 2]), to: target)
        XCTAssertEqual(symlink(target, link), 0)
        try AtomicFile.write(Data([3, 4, 5]), to: link)
        var info = stat()
        XCTAssertEqual(lstat(link, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "the link is still a link")
        XCTAssertEqual(FileManager.default.contents(atPath: target), Data([3, 4, 5]))
    }
}
