import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// The header's JSON parser, driven through `SafeTensors.decode` with one-tensor headers.
final class SafeTensorsJSONTests: XCTestCase {
    /// A file with `header` (space-padded) and `data` zero bytes.
    private func file(_ header: String, data: Int = 4) -> [UInt8] {
        var json = Array(header.utf8)
        json.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + Array(repeating: 0, count: data)
    }

    private func entry(_ name: String, shape: String = "[1]") -> String {
        #"{"\#(name)":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,4]}}"#
    }

    func testStringEscapesAndWhitespace() throws {
        let cases: [(json: String, name: String)] = [
            (#"a\"b\\c\/d"#, "a\"b\\c/d"),
            (#"\b\f\n\r\t"#, "\u{8}\u{C}\n\r\t"),
            (#"\u00e9\u00C9"#, "éÉ"),
            (#"\ud83d\ude00"#, "😀"),
            ("λ 😀", "λ 😀"),
        ]
        for item in cases {
            let decoded = try SafeTensors.decode(file(entry(item.json)), name: "j")
            XCTAssertEqual(decoded.tensors.map(\.name), [item.name], item.json)
        }
        let spaced = " \n\t{ \"w\" : { \"dtype\" : \"F32\" , \"shape\" : [ 1 ] , \"data_offsets\" : [ 0 , 4 ] , \"extra\": [null, true, false, -1.5e3, {}] } }"
        XCTAssertEqual(try SafeTensors.decode(file(spaced), name: "j").tensors.map(\.name), ["w"])
    }

    func testInvalidJSONIsRejected() {
        let invalid = [
            entry(#"\ud83d"#), entry(#"\ude00x"#), entry(#"\q"#), entry(#"\u12"#), entry("tab\there"),
            #"{"w":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[1.],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[-],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[1e],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} x"#,
            #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],}}"#,
            #"{"w":{"dtype":"F32","shape":[1,],"data_offsets":[0,4]}}"#,
            #"{"w":tru}"#, #"{"w":nul}"#, #"{w:1}"#, #"{"w" 1}"#, #"{"w":1"#, #"{"w":"abc"#, "{",
        ]
        for header in invalid {
            let error = assertDataError(.corruptFile) { try SafeTensors.decode(file(header), name: "j") }
            XCTAssertTrue(error?.message.hasPrefix("j: ") ?? false, header)
        }
    }

    func testRandomHeadersNeverCrash() {
        // Random strings over JSON's punctuation: each decodes or throws a DataError.
        let alphabet = Array(#"{}[]":,0123456789-.eE\u"ab tnF32 "#.utf8)
        var random = RandomGenerator(seed: 1, stream: .data)
        for _ in 0..<3000 {
            let length = random.below(40)
            let header = (0..<length).map { _ in alphabet[random.below(alphabet.count)] }
            do {
                _ = try SafeTensors.decode(file(String(decoding: header, as: UTF8.self), data: random.below(3) * 4), name: "j")
            } catch let error as DataError {
                XCTAssertEqual(error.path, "j")
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
