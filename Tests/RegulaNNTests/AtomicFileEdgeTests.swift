import Foundation
@testable import RegulaNN
import Synchronization
import XCTest

/// Issue 12: names near the 255-byte limit, dangling symbolic links, and a signal while
/// the temporary file exists.
final class AtomicFileEdgeTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try DataFixtures.temporaryDirectory()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A valid 255-byte name used to fail with "File name too long": the temporary name
    /// added ~25 bytes to it.
    func testNamesUpToTheSystemLimitCanBeWritten() throws {
        for length in [233, 240, 255] {
            let name = String(repeating: "w", count: length - 12) + ".safetensors"
            try AtomicFile.write(Array("x".utf8), to: directory + "/" + name)
            XCTAssertEqual(try String(contentsOfFile: directory + "/" + name, encoding: .utf8), "x")
        }
        // A name cut inside a multi-byte character still gives a valid temporary name.
        let accented = String(repeating: "é", count: 127)  // 254 bytes
        try AtomicFile.write(Array("y".utf8), to: directory + "/" + accented)
        XCTAssertEqual(AtomicFile.temporaryName(for: accented).utf8.count <= 255, true)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).count, 4, "no temporary file left")
    }

    /// A dangling link is written through: its target is created and the link stays (it
    /// used to be replaced by a plain file).
    func testADanglingSymbolicLinkIsWrittenThrough() throws {
        let link = directory + "/link", target = directory + "/target.csv"
        XCTAssertEqual(symlink("target.csv", link), 0)
        try AtomicFile.write(Array("data\n".utf8), to: link)
        var info = stat()
        XCTAssertEqual(lstat(link, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "the link is still a link")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "data\n")
        // A loop of links is an error, not a hang or a replaced link.
        XCTAssertEqual(symlink("b", directory + "/a"), 0)
        XCTAssertEqual(symlink("a", directory + "/b"), 0)
        XCTAssertThrowsError(try AtomicFile.write(Array("x".utf8), to: directory + "/a"))
    }

    /// SIGTERM or SIGHUP while the temporary file exists removes it, then the signal takes
    /// its course (here: the handler that was there before).
    func testASignalDuringTheWriteRemovesTheTemporaryFile() throws {
        let temporary = directory + "/.out.tmp-1-x"
        FileManager.default.createFile(atPath: temporary, contents: Data([1]))
        var previous = sigaction()
        var recorder = sigaction()
        recorder.__sigaction_handler.sa_handler = { _ in AtomicFileEdgeTests.received.store(true, ordering: .relaxed) }
        sigemptyset(&recorder.sa_mask)
        sigaction(SIGHUP, &recorder, &previous)
        defer { sigaction(SIGHUP, &previous, nil) }

        PendingTemporaryFile.begin(temporary)
        raise(SIGHUP)
        PendingTemporaryFile.end()
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary), "the temporary file was removed")
        XCTAssertTrue(AtomicFileEdgeTests.received.load(ordering: .relaxed), "the earlier handler still ran")
    }

    nonisolated(unsafe) static let received = Atomic<Bool>(false)
}
