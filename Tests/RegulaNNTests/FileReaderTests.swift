import Foundation
@testable import RegulaNN
import XCTest

/// Issue 12: every read is bounded by its own limit while reading (never by `st_size`),
/// only regular files are read, and opening never blocks.
final class FileReaderTests: XCTestCase {
    /// `/proc/self/pagemap` reports 0 bytes and reads without end: it used to grow memory
    /// ~200 MB/s until the process was killed.
    func testAFileThatReportsNoSizeButNeverEndsStopsAtTheLimit() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/pagemap") else { throw XCTSkip("no /proc/self/pagemap") }
        XCTAssertThrowsError(try FileReader.read("/proc/self/pagemap", limit: 1 << 20)) { error in
            XCTAssertEqual(error as? FileReader.Failure, .tooLarge(limit: 1 << 20))
        }
        let error = assertDataError(.unreadableFile) {
            try FileReader.read("/proc/self/pagemap", shownAs: "pagemap", limit: 1 << 20, kind: "a data file")
        }
        XCTAssertEqual(error?.message, "pagemap: is larger than 1 MB, the limit for a data file")
    }

    func testAFileOfExactlyTheLimitIsRead() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/x"
        try Data(repeating: 7, count: 100_000).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try FileReader.read(path, limit: 100_000).count, 100_000)
        XCTAssertThrowsError(try FileReader.read(path, limit: 99_999))
    }

    /// A FIFO with no writer used to block the open for good (the REPL's `:load` and
    /// history file, `csv`): it is refused at once.
    func testAFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertThrowsError(try FileReader.read(fifo, limit: 100)) { error in
            XCTAssertEqual(error as? FileReader.Failure, .notRegularFile)
        }
        XCTAssertThrowsError(try FileReader.read("/dev/zero", limit: 100)) { error in
            XCTAssertEqual(error as? FileReader.Failure, .notRegularFile)
        }
        XCTAssertThrowsError(try FileReader.read(directory, limit: 100)) { error in
            XCTAssertEqual(error as? FileReader.Failure, .isDirectory)
        }
        XCTAssertThrowsError(try FileReader.read(directory + "/none", limit: 100)) { error in
            XCTAssertEqual(error as? FileReader.Failure, .notFound)
        }
    }

    func testTheCSVReaderStopsAtItsLimit() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/pagemap") else { throw XCTSkip("no /proc/self/pagemap") }
        let csv = assertDataError(.unreadableFile) { try CSVLoader.load(path: "/proc/self/pagemap", target: "y") }
        XCTAssertEqual(csv?.message, "/proc/self/pagemap: is larger than 256 MB, the limit for a data file")
    }
}
