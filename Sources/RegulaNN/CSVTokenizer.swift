/// Splits CSV bytes into records of fields (RFC 4180): comma separators, fields in double
/// quotes may hold commas, newlines and doubled quotes (`""`); records end at LF, CRLF or
/// a lone CR. Blank lines (empty or only spaces and tabs) are skipped wherever they are,
/// as pandas does, so trailing empty lines are harmless.
///
/// It works on bytes, not `String`, so any input, valid UTF-8 or not, is tokenized in one
/// linear pass without a trap.
struct CSVTokenizer {
    /// One record: its fields' bytes (quotes removed) and the 1-based line it starts on.
    struct Record {
        var fields: [[UInt8]]
        var line: Int
    }

    /// A syntax error; `field` is the 0-based field index within the record.
    enum Failure: Error {
        /// A quoted field that the end of the file cuts off; `line` is where it opened.
        case unterminatedQuote(line: Int, field: Int)
        /// Text after a field's closing quote, e.g. `"ab"c`.
        case textAfterQuote(line: Int, field: Int)
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
        newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"),
        space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is not part of the first column's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next record, or nil at the end of the input.
    mutating func next() throws(Failure) -> Record? {
        skipBlankLines()
        guard position < bytes.count else { return nil }
        var record = Record(fields: [], line: line)
        while true {
            let field: [UInt8]
            // A record may end right after a comma, at the end of the input: an empty field.
            if position < bytes.count, bytes[position] == Self.quote {
                field = try quotedField(index: record.fields.count)
            } else {
                let start = position
                while position < bytes.count, !isSeparator(bytes[position]) { position += 1 }
                field = Array(bytes[start..<position])
            }
            record.fields.append(field)
            guard position < bytes.count else { return record }
            if bytes[position] == Self.comma {
                position += 1
                continue
            }
            consumeNewline()
            return record
        }
    }

    private func isSeparator(_ byte: UInt8) -> Bool {
        byte == Self.comma || byte == Self.newline || byte == Self.carriageReturn
    }

    private mutating func quotedField(index: Int) throws(Failure) -> [UInt8] {
        let openLine = line
        var field: [UInt8] = []
        position += 1
        while true {
            guard position < bytes.count else { throw .unterminatedQuote(line: openLine, field: index) }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    field.append(Self.quote)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if byte == Self.newline { line += 1 }
            field.append(byte)
            position += 1
        }
        // Spaces may follow the closing quote; anything else but a separator is an error.
        while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab {
            position += 1
        }
        if position < bytes.count, !isSeparator(bytes[position]) {
            throw .textAfterQuote(line: line, field: index)
        }
        return field
    }

    private mutating func consumeNewline() {
        if bytes[position] == Self.carriageReturn, position + 1 < bytes.count, bytes[position + 1] == Self.newline {
            position += 2
        } else {
            position += 1
        }
        line += 1
    }

    private mutating func skipBlankLines() {
        while position < bytes.count {
            var probe = position
            while probe < bytes.count, bytes[probe] == Self.space || bytes[probe] == Self.tab { probe += 1 }
            if probe >= bytes.count {
                position = probe
                return
            }
            guard bytes[probe] == Self.newline || bytes[probe] == Self.carriageReturn else { return }
            position = probe
            consumeNewline()
        }
    }
}
