/// A half-open range of UTF-8 byte offsets `start..<end` into a `SourceFile`'s text.
/// Tokens and AST nodes carry spans; line and column are computed only for diagnostics.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func merged(with other: Span) -> Span {
        Span(start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column (column counted in Unicode scalars).
public struct SourceLocation: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A named source text (a script, an imported file, a REPL line) with a line index.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: a path as given, `<stdin>`, `<repl>`...
    public let name: String
    public let text: String
    /// The text's UTF-8 bytes; spans index into these.
    public let bytes: [UInt8]
    /// Byte offset where each line starts.
    public let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Line and column of a byte offset (clamped into the text).
    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        let line = lineIndex(of: clamped)
        // Scalars before the offset: the bytes that are not UTF-8 continuation bytes
        // (the text is valid UTF-8), counted without building a string.
        var column = 1
        for byte in bytes[lineStarts[line]..<clamped] where byte & 0xC0 != 0x80 { column += 1 }
        return SourceLocation(line: line + 1, column: column)
    }

    /// The source text a span covers.
    public func text(of span: Span) -> String {
        let start = min(max(span.start, 0), bytes.count)
        let end = min(max(span.end, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
