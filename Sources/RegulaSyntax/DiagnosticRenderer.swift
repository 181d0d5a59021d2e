/// Renders diagnostics the way people read them in a terminal:
///
///     train.reg:3:10: error: expected ')' to close '(', found newline
///       |
///     3 | print(1 +
///       |      - '(' opened here
///       |          ^ here
///       = note: ...
///       = hint: did you mean 'adamw'?
///       in fn step at train.reg:12:3
///
/// Columns in the header count Unicode scalars; carets are placed by display width
/// (tabs expand to `tabWidth`, wide characters take two cells) so they line up.
public struct DiagnosticRenderer: Sendable {
    /// ANSI colours; the host turns them on only for a terminal.
    public var useColor: Bool
    public var tabWidth: Int

    public init(useColor: Bool = false, tabWidth: Int = 4) {
        self.useColor = useColor
        self.tabWidth = max(1, tabWidth)
    }

    /// Several diagnostics, separated by blank lines, ending with a newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) }.joined(separator: "\n")
    }

    /// One diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let severityColor = color(for: diagnostic.severity)
        var header = ""
        if let source = diagnostic.source, let span = diagnostic.span {
            let location = source.location(of: span.start)
            header = "\(Self.visible(source.name)):\(location.line):\(location.column): "
        } else if let source = diagnostic.source {
            header = "\(Self.visible(source.name)): "
        }
        out += paint(header, Style.bold) + paint("\(diagnostic.severity.rawValue):", severityColor + Style.bold)
            + paint(" \(Self.visible(diagnostic.message))", Style.bold) + "\n"

        var groups: [(source: SourceFile, markers: [Marker])] = []
        func add(_ source: SourceFile, _ marker: Marker) {
            if let i = groups.firstIndex(where: { $0.source === source }) {
                groups[i].markers.append(marker)
            } else {
                groups.append((source, [marker]))
            }
        }
        if let source = diagnostic.source, let span = diagnostic.span {
            add(source, Marker(span: span, label: diagnostic.label, isPrimary: true))
        }
        for related in diagnostic.related {
            add(related.source, Marker(span: related.span, label: related.label, isPrimary: false))
        }
        let lineNumbers = groups.flatMap { group in group.markers.map { group.source.lineIndex(of: $0.span.start) + 1 } }
        let gutter = String(lineNumbers.max() ?? 1).count
        for (position, group) in groups.enumerated() {
            if position > 0 || diagnostic.source == nil {
                let first = group.markers[0].span.start
                let location = group.source.location(of: first)
                out += String(repeating: " ", count: gutter + 1) + paint("::: ", Style.blue) + "\(Self.visible(group.source.name)):\(location.line):\(location.column)\n"
            }
            out += snippet(group.source, group.markers, gutter: gutter, color: severityColor)
        }
        let pad = String(repeating: " ", count: gutter + 1)
        for note in diagnostic.notes {
            out += pad + paint("= note:", Style.bold) + " \(Self.visible(note))\n"
        }
        if let hint = diagnostic.hint {
            out += pad + paint("= hint:", Style.cyan + Style.bold) + " \(Self.visible(hint))\n"
        }
        for frame in diagnostic.stack {
            let location = frame.source.location(of: frame.span.start)
            // An anonymous function's name is `fn`: "in fn at", not "in fn fn at".
            let function = frame.function == "fn" ? "fn" : "fn \(frame.function)"
            out += "  in \(function) at \(Self.visible(frame.source.name)):\(location.line):\(location.column)\n"
        }
        return out
    }

    struct Marker {
        var span: Span
        var label: String?
        var isPrimary: Bool
    }

    /// The source lines holding the markers, each followed by one underline row per
    /// marker (primary `^~~~`, related `-`).
    /// Source lines wider than this many cells are shown clipped around the first marker.
    static let maxLineWidth = 160

    func snippet(_ source: SourceFile, _ markers: [Marker], gutter: Int, color: String) -> String {
        let pad = String(repeating: " ", count: gutter)
        var out = pad + paint(" |", Style.blue) + "\n"
        let byLine = Dictionary(grouping: markers) { source.lineIndex(of: $0.span.start) }
        var previous: Int?
        for line in byLine.keys.sorted() {
            if let previous, line > previous + 1 {
                out += paint(String(repeating: ".", count: max(3, gutter)), Style.blue) + "\n"
            }
            previous = line
            let ordered = (byLine[line] ?? []).sorted { ($0.isPrimary ? 0 : 1, $0.span.start) < ($1.isPrimary ? 0 : 1, $1.span.start) }
            let layout = DisplayLine(source: source, line: line, tabWidth: tabWidth, focus: ordered.first?.span.start)
            let number = String(line + 1)
            out += paint(String(repeating: " ", count: gutter - number.count) + number + " |", Style.blue)
            // A very long line (generated code, a pasted data row) is shown as a window
            // around the first marker, with "…" where text is left out.
            var window = 0..<layout.displayWidth
            var shift = 0
            if layout.displayWidth > Self.maxLineWidth, let first = ordered.first {
                let lower = max(0, min(layout.column(of: first.span.start) - Self.maxLineWidth / 3,
                                       layout.displayWidth - Self.maxLineWidth))
                window = lower..<min(layout.displayWidth, lower + Self.maxLineWidth)
                shift = lower > 0 ? 1 : 0
            }
            if layout.clippedBefore, window.lowerBound == 0 { shift = 1 }
            if window.count == layout.displayWidth, !layout.clippedBefore, !layout.clippedAfter {
                out += layout.text.isEmpty ? "\n" : " \(layout.text)\n"
            } else {
                out += " " + (window.lowerBound > 0 || layout.clippedBefore ? "…" : "")
                    + layout.text(fromColumn: window.lowerBound, toColumn: window.upperBound)
                    + (window.upperBound < layout.displayWidth || layout.clippedAfter ? "…" : "") + "\n"
            }
            for marker in ordered {
                let clampedStart = min(max(layout.column(of: marker.span.start), window.lowerBound), window.upperBound)
                let clampedEnd = min(layout.column(of: min(marker.span.end, layout.endOffset)), window.upperBound)
                let start = clampedStart - window.lowerBound + shift
                let end = max(start + 1, clampedEnd - window.lowerBound + shift)
                let underline = marker.isPrimary
                    ? "^" + String(repeating: "~", count: end - start - 1)
                    : String(repeating: "-", count: end - start)
                let label = marker.label.map { " " + Self.visible($0) } ?? ""
                out += pad + paint(" |", Style.blue) + " " + String(repeating: " ", count: start)
                    + paint(underline + label, marker.isPrimary ? color + Style.bold : Style.blue) + "\n"
            }
        }
        return out
    }

    /// Text from a message, label or file name with its control characters escaped
    /// (`\u{1B}`): a diagnostic may quote its input, and escapes must not reach the
    /// terminal (readers escape what they quote too; this is the last line of defence).
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if !isControl(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Controls other than newline and tab (a message may span lines), and the
    /// bidirectional overrides (they reorder what the terminal shows).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return LiteralText.isControl(scalar) || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    func color(for severity: Severity) -> String {
        switch severity {
        case .error: return Style.red
        case .warning: return Style.yellow
        case .note: return Style.cyan
        }
    }

    func paint(_ text: String, _ style: String) -> String {
        useColor && !text.isEmpty ? style + text + Style.reset : text
    }

    enum Style {
        static let reset = "\u{1B}[0m"
        static let bold = "\u{1B}[1m"
        static let red = "\u{1B}[31m"
        static let yellow = "\u{1B}[33m"
        static let blue = "\u{1B}[34m"
        static let cyan = "\u{1B}[36m"
    }
}
