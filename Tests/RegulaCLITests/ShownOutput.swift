import Foundation

/// An output block a document shows, and where it comes from. In the Markdown an HTML
/// comment (invisible on GitHub) right before a ```text block says what produced it:
///
/// - `<!-- output: examples/overfitting.reg -->`: `regula run` of that file;
/// - `<!-- output: examples/choosing_lambda.reg, slow -->`: the same, run only when
///   re-recording or with `REGULA_DOCS_ALL=1` (it takes several seconds);
/// - `<!-- output: the code above -->`: `regula run -` of the nearest code block above,
///   from the repository's root (so `examples/data/...` paths resolve);
/// - `<!-- output: a terminal session -->`: the block is a REPL transcript (`$ regula`,
///   then prompts and what the terminal shows), replayed in a real terminal.
struct ShownOutput {
    enum Source: Equatable {
        case example(path: String)
        case code(String)
        case terminalSession
    }

    let document: String
    /// 1-based line of the marker, for messages.
    let line: Int
    let source: Source
    let isSlow: Bool
    /// The block's text (every line with its newline) and where it sits in the document.
    let body: String
    let bodyRange: Range<String.Index>

    static let markerPrefix = "<!-- output: "

    /// Every marked block of `text`; a marker not followed by a ```text block, or an
    /// unknown source, is an error (so a typo in a marker cannot silently skip a block).
    static func blocks(in text: String, document: String) throws -> [ShownOutput] {
        var found: [ShownOutput] = []
        var lastCode: String?
        var index = text.startIndex
        var lineNumber = 0
        func nextLine() -> (String, Range<String.Index>)? {
            guard index < text.endIndex else { return nil }
            let end = text[index...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
            let range = index..<end
            index = end
            lineNumber += 1
            return (String(text[range]).trimmingCharacters(in: .newlines), range)
        }
        /// Reads a fenced block's lines up to its closing fence.
        func fencedBody() -> (String, Range<String.Index>) {
            let start = index
            var end = index
            while let (line, range) = nextLine() {
                if line.trimmingCharacters(in: .whitespaces) == "```" { break }
                end = range.upperBound
            }
            return (String(text[start..<end]), start..<end)
        }
        while let (line, _) = nextLine() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(markerPrefix), trimmed.hasSuffix("-->") {
                let markerLine = lineNumber
                let spec = trimmed.dropFirst(markerPrefix.count).dropLast(3).trimmingCharacters(in: .whitespaces)
                guard let (fence, _) = nextLine(), fence == "```text" else {
                    throw MarkerError(message: "\(document):\(markerLine): an output marker must be followed by a ```text block")
                }
                let (body, range) = fencedBody()
                let parts = spec.components(separatedBy: ", ")
                let source: Source
                switch parts[0] {
                case "the code above":
                    guard let code = lastCode else {
                        throw MarkerError(message: "\(document):\(markerLine): no code block above the output")
                    }
                    source = .code(code)
                case "a terminal session":
                    source = .terminalSession
                case let path where path.hasPrefix("examples/") && path.hasSuffix(".reg"):
                    source = .example(path: path)
                default:
                    throw MarkerError(message: "\(document):\(markerLine): unknown output source '\(parts[0])'")
                }
                found.append(ShownOutput(document: document, line: markerLine, source: source,
                                         isSlow: parts.dropFirst().contains("slow"), body: body, bodyRange: range))
            } else if trimmed.hasPrefix("```"), trimmed != "```text" {
                lastCode = fencedBody().0
            } else if trimmed == "```text" {
                _ = fencedBody()
            }
        }
        return found
    }

    struct MarkerError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    // MARK: - Comparing

    /// Whether `actual` shows what `expected` does. The words and symbols must be the same
    /// (spaces aside, so a column may widen or a number grow a digit); the numbers must
    /// agree to within what another CPU's matrix kernels change: a decimal within 2 units
    /// of its last digit shown, an integer of 100 or more within 2 or 0.1%, a smaller one
    /// exactly (counts such as "nonzero 7" are what the text is about). With `exact`,
    /// byte for byte.
    static func agree(_ expected: String, _ actual: String, exact: Bool) -> Bool {
        let expected = maskingElapsedTime(expected), actual = maskingElapsedTime(actual)
        if exact { return expected == actual }
        let e = tokens(expected), a = tokens(actual)
        guard e.count == a.count else { return false }
        for (x, y) in zip(e, a) {
            switch (x, y) {
            case (.text(let s), .text(let t)):
                if s != t { return false }
            case (.number(let s), .number(let t)):
                if s != t, !close(s, t) { return false }
            default:
                return false
            }
        }
        return true
    }

    enum Token: Equatable {
        case text(String)
        case number(String)
    }

    /// Text (without its spaces and tabs) and numbers (`-?digits[.digits]`).
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var pending = ""
        func flushText() {
            let visible = pending.filter { $0 != " " && $0 != "\t" }
            if !visible.isEmpty { result.append(.text(visible)) }
            pending = ""
        }
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let startsNumber = c.isASCII && c.isNumber
                || (c == "-" && i + 1 < characters.count && characters[i + 1].isASCII && characters[i + 1].isNumber
                    && (i == 0 || !(characters[i - 1].isLetter || characters[i - 1].isNumber)))
            if startsNumber {
                flushText()
                var j = i + 1
                while j < characters.count, characters[j].isASCII, characters[j].isNumber || characters[j] == "." {
                    if characters[j] == ".", !(j + 1 < characters.count && characters[j + 1].isASCII && characters[j + 1].isNumber) { break }
                    j += 1
                }
                result.append(.number(String(characters[i..<j])))
                i = j
            } else {
                pending.append(c)
                i += 1
            }
        }
        flushText()
        return result
    }

    static func close(_ expected: String, _ actual: String) -> Bool {
        guard let x = Double(expected), let y = Double(actual) else { return false }
        guard let dot = expected.firstIndex(of: ".") else { return abs(x) >= 100 && abs(x - y) <= max(2, 0.001 * abs(x)) }
        let decimals = expected.distance(from: dot, to: expected.endIndex) - 1
        let unit = pow(10, -Double(decimals))
        return abs(x - y) <= 2 * unit * (1 + 1e-9)
    }

    /// A progress line ends with the wall time (`· 1.2s`), which no two runs share.
    static func maskingElapsedTime(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("epoch "), let dot = line.range(of: " · ", options: .backwards) else { return String(line) }
            let time = line[dot.upperBound...]
            guard time.first?.isNumber == true, time.allSatisfy({ $0.isNumber || "hms.".contains($0) }) else { return String(line) }
            return line[..<dot.upperBound] + "<time>"
        }.joined(separator: "\n")
    }
}
