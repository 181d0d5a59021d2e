import Foundation
import RegulaTensor

/// The tensors of a safetensors file, in header order, and its `__metadata__`.
public struct SafeTensorsFile: Sendable {
    public var tensors: [(name: String, tensor: Tensor<Float>)]
    public var metadata: [String: String]

    /// The tensor called `name`, if the file has one.
    public func tensor(named name: String) -> Tensor<Float>? {
        tensors.first { $0.name == name }?.tensor
    }
}

/// The safetensors format (Hugging Face; what `safetensors.torch.save_file` writes):
///
///     [8 bytes: header length N, little-endian u64]
///     [N bytes: JSON header, space-padded so the data starts 8-byte aligned]
///     [data: each tensor's elements, little-endian, row-major, back to back]
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets relative to the start of the data) plus an optional `"__metadata__"` object of
/// strings. Regula writes F32; it reads F32, and F16/BF16 (exactly) and F64 (rounded to
/// nearest) converted to float32.
///
/// Reading treats the file as hostile: the length, the JSON, every field, every shape
/// product and every offset range is checked (with overflow checks) before any tensor is
/// allocated, and every problem is a `DataError` naming the file and the tensor.
public enum SafeTensors {
    /// Headers longer than this are rejected as corrupt (the reference implementation's limit).
    public static let maxHeaderBytes = 100_000_000

    /// Writes `tensors` (names unique, in this order) to `path` through `AtomicFile`.
    public static func write(
        _ tensors: [(name: String, tensor: Tensor<Float>)], metadata: [String: String] = [:], to path: String
    ) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: path)
    }

    /// The bytes of a safetensors file holding `tensors` as F32.
    public static func encode(
        _ tensors: [(name: String, tensor: Tensor<Float>)], metadata: [String: String] = [:]
    ) throws -> [UInt8] {
        var names = Set<String>()
        var header = "{"
        var members: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            members.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for (name, tensor) in tensors {
            guard name != "__metadata__" else {
                throw DataError(.invalidArgument, "safetensors: '__metadata__' is reserved and cannot name a tensor")
            }
            guard names.insert(name).inserted else {
                throw DataError(.invalidArgument, "safetensors: two tensors are named '\(name)'")
            }
            let end = offset + tensor.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            members.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += members.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        // Pad with spaces so the data that follows the 8-byte length is 8-byte aligned.
        headerBytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8))

        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        for (_, tensor) in tensors {
            for value in tensor.scalars {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// Reads the safetensors file at `path`; `displayName` is how messages name it.
    public static func read(path: String, displayName: String? = nil) throws -> SafeTensorsFile {
        let name = displayName ?? path
        let bytes = try FileReader.read(path, shownAs: name, limit: FileReader.maxWeightsFileBytes, kind: "a weights file")
        return try decode(bytes, name: name)
    }

    /// Parses safetensors bytes; `name` stands for the file in messages.
    public static func decode(_ data: Data, name: String) throws -> SafeTensorsFile {
        try data.withUnsafeBytes { try decode(UnsafeRawBufferPointer($0), name: name) }
    }

    /// Parses safetensors bytes; `name` stands for the file in messages.
    public static func decode(_ bytes: [UInt8], name: String) throws -> SafeTensorsFile {
        try bytes.withUnsafeBytes { try decode($0, name: name) }
    }

    static func decode(_ buffer: UnsafeRawBufferPointer, name: String) throws -> SafeTensorsFile {
        let header = try SafeTensorsHeader(buffer: buffer, name: name)
        let data = UnsafeRawBufferPointer(rebasing: buffer[header.dataStart...])
        var tensors: [(name: String, tensor: Tensor<Float>)] = []
        tensors.reserveCapacity(header.entries.count)
        for entry in header.entries {
            let scalars = try entry.dtype.floats(
                from: UnsafeRawBufferPointer(rebasing: data[entry.begin..<entry.end]), count: entry.count,
                failure: { DataError(.corruptFile, "\(name): tensor '\(InputText.clipped(entry.name))': \($0)", path: name) })
            tensors.append((entry.name, Tensor(shape: entry.shape, scalars: scalars)))
        }
        return SafeTensorsFile(tensors: tensors, metadata: header.metadata)
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
