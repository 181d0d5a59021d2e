/// A safetensors header, fully validated against the file's size: every tensor's dtype,
/// shape and byte range are known good, so the reader can allocate and copy without
/// further checks.
struct SafeTensorsHeader {
    /// The element types Regula can read, each converted to float32.
    enum DType: String {
        case f32 = "F32", f64 = "F64", f16 = "F16", bf16 = "BF16"

        var size: Int {
            switch self {
            case .f32: return 4
            case .f64: return 8
            case .f16, .bf16: return 2
            }
        }

        /// The `count` elements in `bytes` (little-endian) as Float.
        func floats(
            from bytes: UnsafeRawBufferPointer, count: Int, failure: (String) -> DataError
        ) throws -> [Float] {
            var result = [Float](repeating: 0, count: count)
            for i in 0..<count {
                switch self {
                case .f32:
                    result[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                case .f64:
                    let value = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
                    result[i] = Float(value)
                    if value.isFinite, !result[i].isFinite {
                        throw failure("F64 value \(value) at element \(i) is too large for float32")
                    }
                case .f16:
                    result[i] = Self.halfToFloat(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
                case .bf16:
                    let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                    result[i] = Float(bitPattern: UInt32(bits) << 16)
                }
            }
            return result
        }

        /// IEEE 754 binary16 → binary32, exact (every half value is a float value).
        static func halfToFloat(_ bits: UInt16) -> Float {
            let sign: Float = bits & 0x8000 == 0 ? 1 : -1
            let exponent = Int((bits >> 10) & 0x1F)
            let fraction = Float(bits & 0x3FF)
            switch exponent {
            case 0: return sign * fraction * 0x1p-24  // zero and subnormals
            case 31: return fraction == 0 ? sign * .infinity : .nan
            default: return sign * (1 + fraction * 0x1p-10) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
            }
        }
    }

    struct Entry {
        var name: String
        var dtype: DType
        var shape: [Int]
        var count: Int
        /// Byte range within the data section.
        var begin: Int
        var end: Int
    }

    var entries: [Entry] = []
    var metadata: [String: String] = [:]
    /// Offset of the data section in the file.
    var dataStart: Int

    init(buffer: UnsafeRawBufferPointer, name file: String) throws {
        func corrupt(_ message: String) -> DataError { DataError(.corruptFile, "\(file): \(message)", path: file) }
        guard buffer.count >= 8 else {
            throw corrupt("not a safetensors file: \(buffer.count) bytes is shorter than the 8-byte header length")
        }
        let length = UInt64(littleEndian: buffer.loadUnaligned(as: UInt64.self))
        guard length <= UInt64(SafeTensors.maxHeaderBytes) else {
            throw corrupt("header length \(length) bytes is over the 100 MB limit; the file is corrupt or not safetensors")
        }
        guard length <= UInt64(buffer.count - 8) else {
            throw corrupt("header length \(length) bytes runs past the end of the \(buffer.count)-byte file; the file is truncated or corrupt")
        }
        dataStart = 8 + Int(length)
        let dataLength = buffer.count - dataStart
        let json: JSONValue
        do {
            json = try JSONValue.parse(Array(buffer[8..<dataStart]))
        } catch {
            throw corrupt("the header is not valid JSON: \(error.message) (header byte \(error.offset))")
        }
        guard case .object(let members) = json else { throw corrupt("the header is not a JSON object") }

        for (key, value) in members {
            if key == "__metadata__" {
                guard case .object(let pairs) = value else { throw corrupt("__metadata__ is not an object of strings") }
                for (metaKey, metaValue) in pairs {
                    guard case .string(let text) = metaValue else {
                        throw corrupt("__metadata__ entry '\(Self.clipped(metaKey))' is not a string")
                    }
                    metadata[metaKey] = text
                }
                continue
            }
            entries.append(try Self.entry(name: key, value: value, dataLength: dataLength, file: file))
        }
        try checkLayout(dataLength: dataLength, corrupt: corrupt)
    }

    /// One tensor's entry, with its shape product and byte count checked against the data.
    private static func entry(name: String, value: JSONValue, dataLength: Int, file: String) throws -> Entry {
        func bad(_ message: String, _ kind: DataError.Kind = .corruptFile) -> DataError {
            DataError(kind, "\(file): tensor '\(clipped(name))': \(message)", path: file)
        }
        guard case .object(let fields) = value else { throw bad("its header entry is not an object") }
        func field(_ key: String) throws -> JSONValue {
            guard let found = fields.first(where: { $0.key == key }) else { throw bad("the header entry has no \"\(key)\"") }
            return found.value
        }
        guard case .string(let dtypeName) = try field("dtype") else { throw bad("\"dtype\" is not a string") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw bad(
                "dtype \(clipped(dtypeName)) is not supported (Regula reads F32, and F64, F16, BF16 converted to float32)",
                .unsupportedDType)
        }
        guard case .array(let dims) = try field("shape") else { throw bad("\"shape\" is not an array") }
        var shape: [Int] = []
        var count = 1
        for dim in dims {
            guard let extent = integer(dim) else {
                throw bad("shape entry \(describe(dim)) is not a non-negative integer that fits in 64 bits")
            }
            shape.append(extent)
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw bad("shape \(describe(.array(dims))) has more elements than fit in 64 bits") }
            count = product
        }
        guard count <= dataLength else {
            throw bad("shape \(describe(.array(dims))) has \(count) elements, more than the file's \(dataLength) data bytes can hold")
        }
        guard case .array(let offsets) = try field("data_offsets"), offsets.count == 2,
            let begin = integer(offsets[0]), let end = integer(offsets[1])
        else { throw bad("\"data_offsets\" is not a pair of non-negative integers") }
        guard begin <= end, end <= dataLength else {
            throw bad("data_offsets [\(begin), \(end)] are outside the \(dataLength)-byte data section")
        }
        // count ≤ dataLength (checked above), so count × size cannot overflow.
        guard end - begin == count * dtype.size else {
            throw bad(
                "shape \(describe(.array(dims))) of \(dtypeName) needs \(count * dtype.size) bytes but data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, count: count, begin: begin, end: end)
    }

    /// The tensors must tile the data section exactly, as the reference implementation
    /// requires: no overlaps, no gaps, no unused bytes at the end.
    private func checkLayout(dataLength: Int, corrupt: (String) -> DataError) throws {
        let ordered = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var position = 0
        var previous: String?
        for entry in ordered {
            if entry.begin < position, let previous {
                throw corrupt("tensors '\(Self.clipped(previous))' and '\(Self.clipped(entry.name))' overlap in the data section")
            }
            if entry.begin > position {
                throw corrupt("\(entry.begin - position) bytes before tensor '\(Self.clipped(entry.name))' belong to no tensor")
            }
            position = entry.end
            previous = entry.name
        }
        if position != dataLength {
            throw corrupt("\(dataLength - position) bytes at the end of the data belong to no tensor")
        }
    }

    /// A JSON number that is a plain non-negative integer fitting in Int (no sign,
    /// fraction or exponent, as serde reads `usize`).
    private static func integer(_ value: JSONValue) -> Int? {
        guard case .number(let text) = value, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .number(let text): return clipped(text)
        case .string(let text): return "\"\(clipped(text))\""
        case .array(let elements): return "[" + elements.prefix(8).map(describe).joined(separator: ", ") + (elements.count > 8 ? ", …]" : "]")
        case .object: return "{…}"
        }
    }

    /// Names and values from a hostile file, escaped and shortened for a message.
    static func clipped(_ text: String) -> String { InputText.clipped(text) }
}
