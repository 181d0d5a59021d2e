import Foundation
@testable import RegulaNN
import XCTest

/// Issue 12: the JSON reader (run records, safetensors headers) is linear in a string's
/// escapes. It used to append to a `String.UnicodeScalarView`, which copied the whole
/// string at every escape: a 50,000-line record took 49 s to verify. The parser counts
/// the bytes it copies; the count must grow with the input, not with its square.
final class JSONWorkTests: XCTestCase {
    private func work(escapes: Int) throws -> Int {
        let text = "[\"" + String(repeating: "ab\\n", count: escapes) + "\"]"
        var work = 0
        let value = try JSONValue.parse(Array(text.utf8), work: &work)
        guard case .array(let elements) = value, case .string(let string) = elements[0] else {
            XCTFail("not an array of one string")
            return 0
        }
        XCTAssertEqual(string.utf8.count, 3 * escapes)
        return work
    }

    func testWorkIsLinearInTheNumberOfEscapes() throws {
        let small = try work(escapes: 1_000), large = try work(escapes: 64_000)
        XCTAssertLessThanOrEqual(small, 4 * 1_000)
        XCTAssertLessThanOrEqual(large, 4 * 64_000, "bytes copied for 64,000 escapes")
        XCTAssertLessThanOrEqual(Double(large) / Double(small), 64 * 1.1, "64 times the escapes, 64 times the work")
    }

    func testEscapesStillDecode() throws {
        let text = #"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}"#
        XCTAssertEqual(try JSONValue.parse(Array(text.utf8)), .object([("s", .string("a\"b\\c/d\u{8}\u{C}\n\r\t\u{E9}\u{1F600}"))]))
    }

    /// "é" (U+00E9) and "e" + U+0301 look alike but are different bytes: two keys, not a
    /// duplicate (Swift's `String ==` equates them; the reader compares bytes).
    func testKeysThatLookAlikeButDifferInBytesAreNotDuplicates() throws {
        let text = "{\"\u{E9}\": 1, \"e\u{301}\": 2}"
        guard case .object(let members) = try JSONValue.parse(Array(text.utf8)) else { return XCTFail("not an object") }
        XCTAssertEqual(members.map { Array($0.key.utf8) }, [[0xC3, 0xA9], [0x65, 0xCC, 0x81]])
        XCTAssertThrowsError(try JSONValue.parse(Array("{\"\u{E9}\": 1, \"\u{E9}\": 2}".utf8)))
    }

    /// A safetensors header whose metadata holds many escapes is read in linear time too
    /// (6 MB of `\n` took 112 s to reject).
    func testASafeTensorsHeaderWithManyEscapesIsRead() throws {
        var header = Array(#"{"__metadata__":{"a":""#.utf8)
        header += Array(repeating: Array(#"\n"#.utf8), count: 200_000).flatMap { $0 }
        header += Array(#""},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
        bytes += header + [0, 0, 128, 63]
        let file = try SafeTensors.decode(bytes, name: "m.safetensors")
        XCTAssertEqual(file.metadata["a"]?.count, 200_000)
    }
}
