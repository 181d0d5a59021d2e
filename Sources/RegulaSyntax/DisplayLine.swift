/// One source line prepared for display under a gutter: tabs expanded, control
/// characters made visible, and a map from byte offsets to terminal columns.
struct DisplayLine {
    /// The printable text.
    private(set) var text = ""
    /// Byte offset in the file → display column (0-based), for every scalar start.
    private var columns: [Int: Int] = [:]
    private let startOffset: Int
    /// The file offset where the laid-out text ends (before the line's newline).
    let endOffset: Int
    private var width = 0
    /// True when text of the line before / after the laid-out part was left out.
    let clippedBefore: Bool
    let clippedAfter: Bool

    /// Lines longer than this many bytes are laid out only around `focus`: rendering a
    /// diagnostic then costs the same on a 10 MB line as on a short one.
    static let maxLaidOutBytes = 4_096

    /// Lays out the 0-based `line`; on a very long line, only the bytes within
    /// `maxLaidOutBytes / 2` of the file offset `focus`.
    init(source: SourceFile, line: Int, tabWidth: Int, focus: Int? = nil) {
        let starts = source.lineStarts
        let lineStart = line >= 0 && line < starts.count ? starts[line] : source.bytes.count
        let lineEnd = max(lineStart, line + 1 < starts.count ? starts[line + 1] - 1 : source.bytes.count)
        var start = lineStart, end = lineEnd
        if end - start > Self.maxLaidOutBytes {
            let center = min(max(focus ?? start, start), end)
            let radius = Self.maxLaidOutBytes / 2
            start = max(lineStart, center - radius)
            end = min(lineEnd, start + Self.maxLaidOutBytes)
            start = max(lineStart, end - Self.maxLaidOutBytes)
            // Whole scalars only: move off UTF-8 continuation bytes.
            while start > lineStart, source.bytes[start] & 0xC0 == 0x80 { start -= 1 }
            while end < lineEnd, source.bytes[end] & 0xC0 == 0x80 { end += 1 }
        }
        startOffset = start
        endOffset = end
        clippedBefore = start > lineStart
        clippedAfter = end < lineEnd
        var offset = startOffset
        for scalar in source.text(of: Span(start: startOffset, end: end)).unicodeScalars {
            columns[offset] = width
            offset += String(scalar).utf8.count
            if scalar == "\t" {
                let cells = tabWidth - width % tabWidth
                text += String(repeating: " ", count: cells)
                width += cells
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                // Carriage returns and other controls would move the cursor: show them as one cell.
                if scalar != "\r" || offset < lineEnd {
                    text += "\u{FFFD}"
                    width += 1
                }
            } else {
                text.unicodeScalars.append(scalar)
                width += DisplayLine.cells(scalar)
            }
        }
        columns[offset] = width
    }

    /// Terminal cells the whole line takes.
    var displayWidth: Int { width }

    /// The part of `text` between display columns `from` and `to` (a wide character
    /// straddling either edge is left out).
    func text(fromColumn from: Int, toColumn to: Int) -> String {
        var out = String.UnicodeScalarView()
        var column = 0
        for scalar in text.unicodeScalars {
            let cells = DisplayLine.cells(scalar)
            if column >= from && column + cells <= to { out.append(scalar) }
            column += cells
            if column >= to { break }
        }
        return String(out)
    }

    /// The display column of a file offset on this line (clamped to the line).
    func column(of offset: Int) -> Int {
        if offset <= startOffset { return 0 }
        if offset >= endOffset { return columns[endOffset] ?? width }
        var probe = offset
        // An offset inside a multi-byte scalar belongs to that scalar.
        while probe > startOffset, columns[probe] == nil { probe -= 1 }
        return columns[probe] ?? 0
    }

    /// Terminal cells a scalar takes: 0 for combining marks and joiners, 2 for East Asian
    /// wide characters and emoji, 1 otherwise.
    static func cells(_ scalar: UnicodeScalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
