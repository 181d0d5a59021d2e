/// Number and string literals.
extension Lexer {
    /// number = digits [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ] ;
    /// digits = digit { [ "_" ] digit } ;
    /// The lexeme is scanned generously (letters and underscores included) and then
    /// validated, so `1__0`, `1e` and `2x` are reported as one bad number.
    mutating func lexNumber() -> Token {
        let start = position
        while let byte = peek() {
            if isIdentifierPart(byte) {
                let isExponent = byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                position += 1
                if isExponent, let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                   let digit = peek(1), isDigit(digit) {
                    position += 1
                }
            } else if let length = nameScalarLength(at: position) {
                position += length  // `2λ`: one bad number, as `2x` is
            } else if byte == UInt8(ascii: "."), let next = peek(1), isDigit(next), !text(start, position).contains(".") {
                position += 1
            } else {
                break
            }
        }
        let span = Span(start: start, end: position)
        let lexeme = text(start, position)
        var value = 0.0
        if let problem = Lexer.numberProblem(Array(lexeme.utf8)) {
            report(Messages.invalidNumber(lexeme, problem), span)
        } else if let parsed = Double(String(lexeme.filter { $0 != "_" })), parsed.isFinite {
            value = parsed
        } else {
            report(Messages.invalidNumber(lexeme, Messages.numberTooLarge), span)
        }
        return Token(kind: .number, span: span, text: lexeme, number: value)
    }

    /// What is wrong with a number lexeme, or nil when it is well formed.
    static func numberProblem(_ chars: [UInt8]) -> String? {
        var index = 0
        /// The whole character at `index` (a non-ASCII one takes several bytes).
        func unexpected() -> String {
            Messages.numberUnexpected(String(decoding: chars[index...], as: UTF8.self).unicodeScalars.first.map(String.init) ?? "?")
        }
        func digits() -> String? {
            guard index < chars.count, isDigit(chars[index]) else {
                return index < chars.count ? unexpected() : Messages.numberMissingDigits
            }
            while index < chars.count {
                if isDigit(chars[index]) {
                    index += 1
                } else if chars[index] == UInt8(ascii: "_") {
                    guard index + 1 < chars.count, isDigit(chars[index + 1]) else { return Messages.numberUnderscore }
                    index += 1
                } else {
                    break
                }
            }
            return nil
        }
        if let problem = digits() { return problem }
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            if let problem = digits() { return problem }
        }
        if index < chars.count, chars[index] == UInt8(ascii: "e") || chars[index] == UInt8(ascii: "E") {
            index += 1
            if index < chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") { index += 1 }
            guard index < chars.count else { return Messages.numberMissingExponent }
            if let problem = digits() { return problem }
        }
        if index < chars.count { return unexpected() }
        return nil
    }

    /// string = '"' { character | escape | "{{" | "}}" | interpolation } '"' ;
    /// A string ends on its line: a line break inside it is an unterminated string.
    mutating func lexString() -> Token {
        let start = position
        position += 1
        var segments: [StringSegment] = []
        var buffer: [UInt8] = []
        var bufferStart = position
        var closed = false
        func flush(_ end: Int) {
            if !buffer.isEmpty {
                segments.append(.text(String(decoding: buffer, as: UTF8.self), Span(start: bufferStart, end: end)))
                buffer.removeAll()
            }
        }
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n"), !lineAbandoned else {
                if let open = openInterpolations.last {
                    // `"{x"`: the quote meant to end the string started a new one inside `{...}`.
                    report(Messages.unclosedInterpolation, Span(start: start, end: start + 1), label: Messages.labelQuoteInInterpolation,
                           related: [RelatedSpan(span: Span(start: open, end: open + 1), source: source, label: Messages.labelInterpolationStarts)])
                } else {
                    report(Messages.unterminatedString, Span(start: start, end: position), label: Messages.labelStringStarts, hint: Messages.hintStringLineBreak)
                }
                lineAbandoned = true
                break
            }
            if byte == UInt8(ascii: "\"") {
                position += 1
                closed = true
                break
            }
            if byte == UInt8(ascii: "\\") {
                lexEscape(into: &buffer)
            } else if byte == UInt8(ascii: "{") && peek(1) == UInt8(ascii: "{") {
                buffer.append(byte)
                position += 2
            } else if byte == UInt8(ascii: "}") && peek(1) == UInt8(ascii: "}") {
                buffer.append(byte)
                position += 2
            } else if byte == UInt8(ascii: "{") {
                flush(position)
                if let segment = lexInterpolationSegment() { segments.append(segment) }
                bufferStart = position
            } else {
                buffer.append(byte)
                position += 1
            }
        }
        flush(max(bufferStart, position - 1))
        // An unterminated string was reported; the parser skips its statement silently.
        let kind: TokenKind = closed ? .string : .invalid
        return Token(kind: kind, span: Span(start: start, end: position), text: text(start, position), segments: segments)
    }

    /// escape = "\" ( "n" | "t" | "r" | "0" | "\" | '"' | "{" | "}" | "u{" hex { hex } "}" ) ;
    mutating func lexEscape(into buffer: inout [UInt8]) {
        let start = position
        position += 1
        guard let code = peek(), code != UInt8(ascii: "\n") else {
            report(Messages.badEscape("\\"), Span(start: start, end: position))
            return
        }
        position += 1
        switch code {
        case UInt8(ascii: "n"): buffer.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): buffer.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "r"): buffer.append(UInt8(ascii: "\r"))
        case UInt8(ascii: "0"): buffer.append(0)
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"): buffer.append(code)
        case UInt8(ascii: "u"): lexUnicodeEscape(start: start, into: &buffer)
        default:
            position = min(bytes.count, position - 1 + utf8Length(of: code))
            report(Messages.badEscape(text(start, position)), Span(start: start, end: position), hint: Messages.hintEscapes)
        }
    }

    /// `\u{1F600}`: one to six hex digits naming a Unicode scalar.
    mutating func lexUnicodeEscape(start: Int, into buffer: inout [UInt8]) {
        guard peek() == UInt8(ascii: "{") else {
            report(Messages.badUnicodeEscape, Span(start: start, end: position), hint: Messages.hintUnicodeEscape)
            return
        }
        position += 1
        var value: UInt32 = 0
        var count = 0
        while let byte = peek(), let digit = hexValue(byte) {
            if count < 8 { value = value * 16 + UInt32(digit) }
            count += 1
            position += 1
        }
        let closed = peek() == UInt8(ascii: "}")
        if closed { position += 1 }
        guard closed, (1...6).contains(count), let scalar = UnicodeScalar(value) else {
            report(Messages.badUnicodeEscape, Span(start: start, end: position), hint: Messages.hintUnicodeEscape)
            return
        }
        buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// interpolation = "{" expression [ ":" format ] "}" ;
    mutating func lexInterpolationSegment() -> StringSegment? {
        let open = position
        position += 1
        openInterpolations.append(open)
        defer { openInterpolations.removeLast() }
        if openInterpolations.count > Lexer.maxInterpolationDepth {
            report(Messages.interpolationTooDeep(Lexer.maxInterpolationDepth), Span(start: open, end: open + 1))
            lineAbandoned = true
            return nil
        }
        var (tokens, stop) = lexInterpolation()
        var format: String?
        var formatSpan: Span?
        if stop == .formatColon {
            tokens.append(Token(kind: .interpolationEnd, span: Span(start: position, end: position + 1), text: ":"))
            position += 1
            let formatStart = position
            while let byte = peek(), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\"") {
                position += 1
            }
            format = text(formatStart, position)
            formatSpan = Span(start: formatStart, end: position)
            stop = peek() == UInt8(ascii: "}") ? .closeBrace : .lineEnd
        } else if stop == .closeBrace {
            tokens.append(Token(kind: .interpolationEnd, span: Span(start: position, end: position + 1), text: "}"))
        }
        guard stop == .closeBrace else {
            let label = peek() == UInt8(ascii: "\"") ? Messages.labelStringEnds : Messages.labelLineEnds
            report(Messages.unclosedInterpolation, Span(start: position, end: position), label: label,
                   related: [RelatedSpan(span: Span(start: open, end: open + 1), source: source, label: Messages.labelInterpolationStarts)])
            lineAbandoned = true
            return nil
        }
        position += 1
        return .interpolation(tokens: tokens, span: Span(start: open, end: position), format: format, formatSpan: formatSpan)
    }

    func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
