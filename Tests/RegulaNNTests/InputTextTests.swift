import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// Issue 12: control characters from data never reach the terminal, and a quote of the
/// input is clipped, in every reader's messages (CSV cells and headers, tensor names).
final class InputTextTests: XCTestCase {
    func testControlsAreEscapedAndLongTextClipped() {
        XCTAssertEqual(InputText.clipped("\u{1B}[31mEVIL\u{7}"), "\\u{1B}[31mEVIL\\u{7}")
        XCTAssertEqual(InputText.clipped("a\nb\tc\r\0"), "a\\nb\\tc\\r\\0")
        XCTAssertEqual(InputText.clipped("\u{9B}\u{202E}x"), "\\u{9B}\\u{202E}x")
        XCTAssertEqual(InputText.clipped(String(repeating: "x", count: 100_000)), String(repeating: "x", count: 60) + "…")
        XCTAssertEqual(InputText.quoted("é"), "\"é\"")
    }

    private func csvError(_ text: String, target: String = "y") -> DataError? {
        assertDataErrorKind { try CSVLoader.parse(bytes: Array(text.utf8), name: "d.csv", target: target) }
    }

    private func assertDataErrorKind(_ body: () throws -> Dataset) -> DataError? {
        do {
            _ = try body()
            XCTFail("no error")
        } catch let error as DataError {
            return error
        } catch {
            XCTFail("\(error)")
        }
        return nil
    }

    private func assertTerminalSafe(_ message: String?, file: StaticString = #filePath, line: UInt = #line) {
        guard let message else { return XCTFail("no message", file: file, line: line) }
        XCTAssertFalse(message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                       message.debugDescription, file: file, line: line)
        XCTAssertLessThan(message.utf8.count, 1_000, file: file, line: line)
    }

    func testCSVCellsAndHeadersAreEscaped() {
        let cell = csvError("y,x\n1,\u{1B}[31mEVIL\u{7}\n")
        XCTAssertEqual(cell?.message, "d.csv:2: row 1, column 2 'x': \"\\u{1B}[31mEVIL\\u{7}\" is not a number")
        let header = csvError("y,\u{1B}]0;pwned\u{7}\n1,a\n")
        XCTAssertEqual(header?.message, "d.csv:2: row 1, column 2 '\\u{1B}]0;pwned\\u{7}': \"a\" is not a number")
        let unknown = csvError("\u{1B}[2J,b\n1,2\n", target: "zz")
        assertTerminalSafe(unknown?.message)
        let duplicate = csvError("y,\u{7}a,\u{7}a\n1,2,3\n")
        XCTAssertEqual(duplicate?.message, "d.csv:1: duplicate column name '\\u{7}a' (columns 2 and 3)")
    }

    /// A 100 KB column or tensor name used to make a 100 KB message.
    func testHugeNamesAreClipped() {
        let name = String(repeating: "n", count: 100_000)
        assertTerminalSafe(csvError("y,\(name)\n1,a\n")?.message)
        assertTerminalSafe(csvError("y,\(name),\(name)\n1,2,3\n")?.message)
        var model = try? Model(layers: [.dense(DenseLayer(units: 1))])
        do {
            try model?.loadStateDict([("\u{1B}[31m" + name, Tensor<Float>(shape: [1, 1], scalars: [1]))])
            XCTFail("loaded")
        } catch {
            assertTerminalSafe("\(error)")
        }
        // An expected name with a shape of 10,000 dimensions (a file may say so).
        do {
            try model?.loadStateDict([("0.weight", Tensor<Float>(shape: Array(repeating: 1, count: 10_000), scalars: [1])),
                                      ("0.bias", Tensor<Float>(shape: [1], scalars: [0]))])
            XCTFail("loaded")
        } catch {
            assertTerminalSafe("\(error)")
        }
    }

    /// Column names compare as bytes: "é" and "e" + U+0301 are two columns, not a
    /// duplicate; a target written in the other form still finds its column.
    func testLookAlikeColumnNamesAreTwoColumns() throws {
        let data = try CSVLoader.parse(bytes: Array("\u{E9},e\u{301}\n1,2\n".utf8), name: "d.csv", target: "e\u{301}")
        XCTAssertEqual(data.featureNames, ["\u{E9}"])
        XCTAssertEqual(data.targets, [2])
        let other = try CSVLoader.parse(bytes: Array("\u{E9},x\n1,2\n".utf8), name: "d.csv", target: "e\u{301}")
        XCTAssertEqual(other.targets, [1], "NFD finds the NFC column when only one matches")
    }
}
