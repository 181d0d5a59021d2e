import RegulaNN

/// One way a re-run differs from its record, located by its path in the record
/// (`train[0].history[3].val_loss`, `output line 4`).
public struct RecordDifference: Equatable, CustomStringConvertible {
    public var path: String
    public var recorded: String
    public var now: String
    public var description: String { "\(path): recorded \(recorded) now \(now)" }
}

/// Compares what a re-run produced with what its record holds: the seed, the resolved
/// params, every `train`/`evaluate`/`cross_validate` entry (every number in them), the
/// files read, the digests of the weights written, the output line by line, the status
/// and the errors. Numbers pass when
/// equal, or when their relative difference `|a − b| / max(|a|, |b|)` is at most
/// `tolerance`; NaN matches NaN. Timings (members named `seconds` or ending in
/// `_seconds`, like a history row's epoch time) are measurements of the machine, not
/// results: they are not compared.
public struct RecordComparison {
    public private(set) var differences: [RecordDifference] = []
    /// Numbers compared (outside the output) and how many of them were not bit-equal but
    /// within the tolerance.
    public private(set) var numbers = 0
    public private(set) var numbersWithinTolerance = 0
    public private(set) var outputLines = 0
    /// Result files (weights) whose SHA-256 was compared.
    public private(set) var writtenFiles = 0
    public private(set) var largestRelativeDifference = 0.0
    let tolerance: Double

    public init(recorded: RunRecord, now: RunRecord, tolerance: Double = 0) {
        self.tolerance = tolerance
        let seed = { (s: UInt64?) in s.map { JSONValue.number(String($0)) } ?? .null }
        compare(seed(recorded.seed), seed(now.seed), at: "seed")
        compare(recorded.params, now.params, at: "params")
        let kinds = recorded.calls.map(\.kind) + now.calls.map(\.kind).filter { kind in !recorded.calls.contains { $0.kind == kind } }
        for kind in kinds {
            let before = recorded.calls.first { $0.kind == kind }?.entries ?? []
            let after = now.calls.first { $0.kind == kind }?.entries ?? []
            compare(.array(before), .array(after), at: kind)
        }
        let digests = { (files: [RunJournal.FileRead]) in
            JSONValue.array(files.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })
        }
        compare(digests(recorded.files), digests(now.files), at: "files")
        compare(digests(recorded.written), digests(now.written), at: "written")
        writtenFiles = min(recorded.written.count, now.written.count)
        compareOutput(recorded.output, now.output)
        compare(.string(recorded.status), .string(now.status), at: "status")
        let errors = { (record: RunRecord) in JSONValue.array(record.errors.map(Self.withoutFile)) }
        compare(errors(recorded), errors(now), at: "errors")
    }

    private static func withoutFile(_ error: JSONValue) -> JSONValue {
        guard case .object(let members) = error else { return error }
        return .object(members.filter { $0.key != "file" })
    }

    private mutating func differ(_ path: String, _ recorded: String, _ now: String) {
        differences.append(RecordDifference(path: path, recorded: recorded, now: now))
    }

    /// True if the numbers match (exactly or within the tolerance); counts them unless
    /// they come from the output (whose lines are counted instead).
    private mutating func numbersMatch(_ a: Double, _ b: Double, counted: Bool = true) -> Bool {
        if counted { numbers += 1 }
        if a == b || (a.isNaN && b.isNaN) { return true }
        let scale = max(abs(a), abs(b))
        let relative = scale.isFinite && scale > 0 ? abs(a - b) / scale : .infinity
        if relative <= tolerance {
            numbersWithinTolerance += 1
            largestRelativeDifference = max(largestRelativeDifference, relative)
            return true
        }
        return false
    }

    private mutating func compare(_ recorded: JSONValue, _ now: JSONValue, at path: String) {
        switch (recorded, now) {
        case (.object(let a), .object(let b)):
            // Looked up by key, not searched: a record's object may have a million members.
            // Keys are bytes, as the JSON reader compares them ("é" and "e\u{301}" are two).
            let inB = Dictionary(b.map { (Array($0.key.utf8), $0.value) }, uniquingKeysWith: { first, _ in first })
            let inA = Set(a.map { Array($0.key.utf8) })
            for (key, value) in a where !Self.isTiming(key) {
                let member = path + "." + InputText.clipped(key)
                if let other = inB[Array(key.utf8)] {
                    compare(value, other, at: member)
                } else {
                    differ(member, Self.show(value), "(missing)")
                }
            }
            for (key, value) in b where !Self.isTiming(key) && !inA.contains(Array(key.utf8)) {
                differ(path + "." + InputText.clipped(key), "(missing)", Self.show(value))
            }
        case (.array(let a), .array(let b)):
            if a.count != b.count { differ(path, "\(a.count) entries", "\(b.count) entries") }
            for i in 0..<min(a.count, b.count) { compare(a[i], b[i], at: "\(path)[\(i)]") }
            // An entry only one side has is shown by its message, if it has one (an error
            // of a re-run that failed: why it failed).
            for i in min(a.count, b.count)..<max(a.count, b.count) {
                let entry = i < a.count ? a[i] : b[i]
                guard let message = entry["message"], case .string = message else { continue }
                let shown = Self.show(message)
                differ("\(path)[\(i)].message", i < a.count ? shown : "(missing)", i < a.count ? "(missing)" : shown)
            }
        default:
            if Self.isNumeric(recorded), Self.isNumeric(now), let x = recorded.asDouble, let y = now.asDouble {
                if !numbersMatch(x, y) { differ(path, Self.show(recorded), Self.show(now)) }
            } else if recorded != now {
                differ(path, Self.show(recorded), Self.show(now))
            }
        }
    }

    static func isTiming(_ key: String) -> Bool { key == "seconds" || key.hasSuffix("_seconds") }

    private static func isNumeric(_ value: JSONValue) -> Bool {
        if case .number = value { return true }
        return value.asDouble != nil
    }

    private static func show(_ value: JSONValue) -> String {
        switch value {
        case .number(let text): return text
        case .array(let elements): return "[\(elements.count) entries]"
        case .object: return "{...}"
        case .string(let text): return InputText.quoted(text, limit: 77)
        default:
            var text = value.serialized()
            text.removeLast()
            return InputText.clipped(text, limit: 80)
        }
    }

    /// Line by line; a line that differs only in numbers within the tolerance passes.
    private mutating func compareOutput(_ recorded: String, _ now: String) {
        let a = recorded.split(separator: "\n", omittingEmptySubsequences: false)
        let b = now.split(separator: "\n", omittingEmptySubsequences: false)
        if a.count != b.count { differ("output", "\(a.count - 1) lines", "\(b.count - 1) lines") }
        for i in 0..<min(a.count, b.count) {
            outputLines += a[i].isEmpty && i == a.count - 1 ? 0 : 1
            guard a[i] != b[i] else { continue }
            let (textA, numbersA) = NumberScanner.split(a[i]), (textB, numbersB) = NumberScanner.split(b[i])
            if tolerance > 0, textA == textB, numbersA.count == numbersB.count,
               zip(numbersA, numbersB).allSatisfy({ numbersMatch($0, $1, counted: false) }) {
                continue
            }
            differ("output line \(i + 1)", Self.show(.string(String(a[i]))), Self.show(.string(String(b[i]))))
        }
    }
}

/// Splits a line of output into its text with numbers blanked out, and the numbers.
enum NumberScanner {
    static func split(_ line: Substring) -> (text: String, numbers: [Double]) {
        var text = "", numbers: [Double] = []
        let chars = Array(line.unicodeScalars)
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].properties.numericType == .decimal && chars[k].isASCII }
        while i < chars.count {
            let startsNumber = isDigit(i) || (chars[i] == "-" && isDigit(i + 1)) || (chars[i] == "." && isDigit(i + 1))
            let previousIsWord = i > 0 && (chars[i - 1].properties.isAlphabetic || chars[i - 1] == "_")
            guard startsNumber, !previousIsWord else {
                text.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            var j = i
            if chars[j] == "-" { j += 1 }
            while isDigit(j) { j += 1 }
            if j < chars.count, chars[j] == ".", isDigit(j + 1) || j > i { j += 1; while isDigit(j) { j += 1 } }
            if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                var k = j + 1
                if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                if isDigit(k) { j = k; while isDigit(j) { j += 1 } }
            }
            let piece = String(String.UnicodeScalarView(chars[i..<j]))
            if let value = Double(piece) {
                numbers.append(value)
                text += "#"
            } else {
                text += piece
            }
            i = j
        }
        return (text, numbers)
    }
}
