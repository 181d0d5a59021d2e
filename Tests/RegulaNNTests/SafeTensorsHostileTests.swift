import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// Truncated, corrupt and hostile safetensors files: every one is a `DataError` naming the
/// file (and the tensor), never a crash or a giant allocation.
final class SafeTensorsHostileTests: XCTestCase {
    private func good() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: DataFixtures.safetensors("torch_mlp.safetensors"))))
    }

    /// A file with `header` (padded to alignment) followed by `data` zero bytes.
    private func file(_ header: String, data: Int) -> [UInt8] {
        var json = Array(header.utf8)
        json.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + Array(repeating: 0, count: data)
    }

    private func message(_ bytes: [UInt8], _ kind: DataError.Kind = .corruptFile) -> String {
        assertDataError(kind) { try SafeTensors.decode(bytes, name: "m.st") }?.message ?? ""
    }

    func testEveryTruncationIsRejected() throws {
        let bytes = try good()
        for length in 0..<bytes.count {
            let error = assertDataError(.corruptFile) { try SafeTensors.decode(Array(bytes.prefix(length)), name: "m.st") }
            XCTAssertTrue(error?.message.hasPrefix("m.st: ") ?? false)
        }
        XCTAssertEqual(message(Array(bytes.prefix(5))), "m.st: not a safetensors file: 5 bytes is shorter than the 8-byte header length")
    }

    func testFlippedHeaderBytesNeverCrash() throws {
        let bytes = try good()
        let headerEnd = 8 + Int(bytes[0]) + Int(bytes[1]) << 8
        var rejected = 0
        for position in 0..<headerEnd {
            for mask: UInt8 in [0xFF, 0x01, 0x80] {
                var corrupt = bytes
                corrupt[position] ^= mask
                do {
                    _ = try SafeTensors.decode(corrupt, name: "m.st")
                } catch let error as DataError {
                    XCTAssertTrue(error.message.hasPrefix("m.st: "), error.message)
                    rejected += 1
                }
            }
        }
        XCTAssertGreaterThan(rejected, headerEnd * 2)
    }

    func testHeaderLengthBeyondTheFileOrAbsurd() throws {
        var bytes = try good()
        withUnsafeBytes(of: UInt64.max.littleEndian) { bytes.replaceSubrange(0..<8, with: $0) }
        XCTAssertEqual(
            message(bytes),
            "m.st: header length 18446744073709551615 bytes is over the 100 MB limit; the file is corrupt or not safetensors")
        withUnsafeBytes(of: UInt64(1000).littleEndian) { bytes.replaceSubrange(0..<8, with: $0) }
        XCTAssertEqual(
            message(bytes),
            "m.st: header length 1000 bytes runs past the end of the 380-byte file; the file is truncated or corrupt")
    }

    func testHugeNegativeAndFractionalShapes() {
        let huge = #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#
        XCTAssertEqual(message(file(huge, data: 16)), "m.st: tensor 'w': shape [4611686018427387904, 4] has more elements than fit in 64 bits")
        let big = #"{"w":{"dtype":"F32","shape":[1000000000,0,7],"data_offsets":[0,0]}}"#
        XCTAssertNoThrow(try SafeTensors.decode(file(big, data: 0), name: "m.st"), "an empty tensor with a big extent is fine")
        let tooMany = #"{"w":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,16]}}"#
        XCTAssertEqual(
            message(file(tooMany, data: 16)),
            "m.st: tensor 'w': shape [100000, 100000] has 10000000000 elements, more than the file's 16 data bytes can hold")
        let negative = #"{"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}"#
        XCTAssertEqual(message(file(negative, data: 16)), "m.st: tensor 'w': shape entry -4 is not a non-negative integer that fits in 64 bits")
        let fractional = #"{"w":{"dtype":"F32","shape":[4.0],"data_offsets":[0,16]}}"#
        XCTAssertEqual(message(file(fractional, data: 16)), "m.st: tensor 'w': shape entry 4.0 is not a non-negative integer that fits in 64 bits")
        let overflowing = #"{"w":{"dtype":"F32","shape":[99999999999999999999999],"data_offsets":[0,16]}}"#
        XCTAssertTrue(message(file(overflowing, data: 16)).contains("tensor 'w': shape entry 99999999999999999999999"))
    }

    func testOffsets() {
        let overlap = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#
        XCTAssertEqual(message(file(overlap, data: 24)), "m.st: tensors 'a' and 'b' overlap in the data section")
        let gap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"#
        XCTAssertEqual(message(file(gap, data: 24)), "m.st: 8 bytes before tensor 'b' belong to no tensor")
        let unused = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        XCTAssertEqual(message(file(unused, data: 24)), "m.st: 8 bytes at the end of the data belong to no tensor")
        let outside = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,400]}}"#
        XCTAssertEqual(message(file(outside, data: 16)), "m.st: tensor 'a': data_offsets [0, 400] are outside the 16-byte data section")
        let backwards = #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
        XCTAssertEqual(message(file(backwards, data: 16)), "m.st: tensor 'a': data_offsets [8, 0] are outside the 16-byte data section")
        let mismatch = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#
        XCTAssertEqual(
            message(file(mismatch, data: 16)),
            "m.st: tensor 'a': shape [3] of F32 needs 12 bytes but data_offsets [0, 16] hold 16")
        let triple = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16,32]}}"#
        XCTAssertEqual(message(file(triple, data: 16)), "m.st: tensor 'a': \"data_offsets\" is not a pair of non-negative integers")
    }

    func testMalformedHeaders() {
        XCTAssertEqual(message(file(#"{"a":}"#, data: 0)), "m.st: the header is not valid JSON: unexpected character '}' (header byte 5)")
        XCTAssertEqual(message(file("[1,2]", data: 0)), "m.st: the header is not a JSON object")
        XCTAssertEqual(message(file(#"{"a":1,"a":2}"#, data: 0)), "m.st: the header is not valid JSON: duplicate key \"a\" (header byte 10)")
        XCTAssertEqual(message(file(#"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, data: 4)), "m.st: tensor 'a': the header entry has no \"dtype\"")
        XCTAssertEqual(message(file(#"{"a":{"dtype":"F32","data_offsets":[0,4]}}"#, data: 4)), "m.st: tensor 'a': the header entry has no \"shape\"")
        XCTAssertEqual(message(file(#"{"a":{"dtype":"F32","shape":[1]}}"#, data: 4)), "m.st: tensor 'a': the header entry has no \"data_offsets\"")
        XCTAssertEqual(message(file(#"{"a":[]}"#, data: 0)), "m.st: tensor 'a': its header entry is not an object")
        XCTAssertEqual(message(file(#"{"__metadata__":{"k":1}}"#, data: 0)), "m.st: __metadata__ entry 'k' is not a string")
        XCTAssertEqual(
            message(file(#"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}"#, data: 4), .unsupportedDType),
            "m.st: tensor 'a': dtype Q4 is not supported (Regula reads F32, and F64, F16, BF16 converted to float32)")
        var invalidUTF8 = file(#"{"a":1}"#, data: 0)
        invalidUTF8[10] = 0xFF
        XCTAssertEqual(message(invalidUTF8), "m.st: the header is not valid JSON: not valid UTF-8 (header byte 0)")
        XCTAssertEqual(message(file("", data: 0)), "m.st: the header is not valid JSON: unexpected end of the JSON text (header byte 0)")
    }

    func testDeepNestingIsRejectedWithoutRecursingDeep() {
        let deep = #"{"a":"# + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}"
        XCTAssertEqual(message(file(deep, data: 0)), "m.st: the header is not valid JSON: nesting deeper than 64 levels (header byte 68)")
    }

    func testFloat64TooLargeForFloat32() {
        var bytes = file(#"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: 0)
        withUnsafeBytes(of: (1e300 as Double).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        XCTAssertEqual(message(bytes), "m.st: tensor 'd': F64 value 1e+300 at element 0 is too large for float32")
    }
}
