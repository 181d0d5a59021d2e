/// A little-endian byte encoding for results exchanged between processes: fixed-width
/// integers, doubles by their bit patterns (so every value, NaN payloads included, comes
/// back with the same bits), length-prefixed strings and byte runs.
public struct ExchangeWriter {
    public private(set) var buffer: [UInt8] = []

    public init() {}

    public mutating func uint8(_ value: UInt8) { buffer.append(value) }

    public mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    public mutating func int(_ value: Int) { uint64(UInt64(bitPattern: Int64(value))) }

    public mutating func bool(_ value: Bool) { uint8(value ? 1 : 0) }

    public mutating func double(_ value: Double) { uint64(value.bitPattern) }

    public mutating func bytes(_ value: [UInt8]) {
        int(value.count)
        buffer.append(contentsOf: value)
    }

    public mutating func string(_ value: String) { bytes(Array(value.utf8)) }

    public mutating func doubles(_ values: [Double]) {
        int(values.count)
        for value in values { double(value) }
    }

    public mutating func floats(_ values: [Float]) {
        int(values.count)
        buffer.reserveCapacity(buffer.count + 4 * values.count)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) } }
    }

    public mutating func optional<T>(_ value: T?, _ write: (inout ExchangeWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }
}

/// Reads what `ExchangeWriter` wrote; every read returns nil past the end or on a value
/// that cannot be what was written.
public struct ExchangeReader {
    let buffer: [UInt8]
    var offset = 0

    public init(_ buffer: [UInt8]) { self.buffer = buffer }

    public var isAtEnd: Bool { offset == buffer.count }

    public mutating func uint8() -> UInt8? {
        guard offset < buffer.count else { return nil }
        defer { offset += 1 }
        return buffer[offset]
    }

    public mutating func uint64() -> UInt64? {
        guard buffer.count - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(buffer[offset + i]) << (8 * i) }
        offset += 8
        return value
    }

    public mutating func int() -> Int? { uint64().map { Int(Int64(bitPattern: $0)) } }

    public mutating func count() -> Int? {
        guard let n = int(), n >= 0, n <= buffer.count - offset else { return nil }
        return n
    }

    public mutating func bool() -> Bool? { uint8().flatMap { $0 <= 1 ? $0 == 1 : nil } }

    public mutating func double() -> Double? { uint64().map { Double(bitPattern: $0) } }

    public mutating func bytes() -> [UInt8]? {
        guard let n = count() else { return nil }
        defer { offset += n }
        return Array(buffer[offset..<(offset + n)])
    }

    public mutating func string() -> String? { bytes().map { String(decoding: $0, as: UTF8.self) } }

    public mutating func doubles() -> [Double]? {
        guard let n = int(), n >= 0, n <= (buffer.count - offset) / 8 else { return nil }
        var values: [Double] = []
        values.reserveCapacity(n)
        for _ in 0..<n { guard let x = double() else { return nil }; values.append(x) }
        return values
    }

    public mutating func floats() -> [Float]? {
        guard let n = int(), n >= 0, n <= (buffer.count - offset) / 4 else { return nil }
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var bits: UInt32 = 0
            for b in 0..<4 { bits |= UInt32(buffer[offset + 4 * i + b]) << (8 * b) }
            values[i] = Float(bitPattern: bits)
        }
        offset += 4 * n
        return values
    }

    /// A flag then, when set, the value `read` reads; `.some(nil)` is a valid absent value.
    public mutating func optional<T>(_ read: (inout ExchangeReader) -> T?) -> T?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }
}
