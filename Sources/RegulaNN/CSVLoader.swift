import Foundation
import RegulaTensor
import RegulaSuggestion

/// Loads a CSV file with a header row into a `Dataset` (float32 features).
///
/// Every problem is a thrown `DataError` whose message names the file, the 1-based line
/// and data row, and the column by number and name, e.g.
/// `iris.csv:7: row 6, column 2 'sepal_width': "abc" is not a number`.
/// Only the target and the chosen feature columns are parsed as numbers, so a text
/// column that is not used (an id, a comment) is fine.
public enum CSVLoader {
    /// How to decide the dataset's task.
    public enum TaskChoice: Sendable, Equatable {
        /// Classification when every target is a non-negative integer, there are at most
        /// `maxInferredClasses` distinct values and the largest is below
        /// `maxInferredClasses` too (classes = largest + 1); otherwise regression.
        case infer
        /// Real-valued target.
        case regression
        /// Integer labels `0...max`; classes = max + 1. Any other value is an error.
        case classification
    }

    /// The limit on distinct values (and on the largest label) for inferring classification.
    public static let maxInferredClasses = 50
    /// The most classes an explicit `.classification` accepts.
    public static let maxClasses = 100_000

    /// Reads and parses the file at `path`.
    /// - Parameters:
    ///   - target: the name of the target column.
    ///   - features: the feature columns in the order wanted; nil means every other column
    ///     in file order.
    ///   - displayName: how messages name the file (default: `path`).
    public static func load(
        path: String, target: String, features: [String]? = nil, task: TaskChoice = .infer,
        displayName: String? = nil
    ) throws -> Dataset {
        let name = displayName ?? path
        let bytes = try FileReader.read(path, shownAs: name, limit: FileReader.maxDataFileBytes, kind: "a data file")
        return try parse(bytes: bytes, name: name, target: target, features: features, task: task)
    }

    /// Parses CSV bytes already in memory; `name` stands for the file in messages.
    public static func parse(
        bytes: [UInt8], name: String, target: String, features: [String]? = nil,
        task: TaskChoice = .infer
    ) throws -> Dataset {
        var tokenizer = CSVTokenizer(bytes: bytes)
        var context = Context(name: name, header: [])
        guard let headerRecord = try context.next(&tokenizer, row: 0) else {
            throw DataError(.emptyFile, "\(name): the file is empty (a header row is expected)", path: name)
        }
        let header = headerRecord.fields.map { decodeName($0) }
        context.header = header
        let headerLine = headerRecord.line
        try checkDuplicates(header, context: context, line: headerLine)
        let columns = try resolveColumns(
            header: header, target: target, features: features, context: context, line: headerLine)
        if let unnamed = columns.features.first(where: { header[$0].isEmpty }) {
            throw DataError(
                .unnamedColumn,
                "\(name):\(headerLine): column \(unnamed + 1) has no name in the header (a trailing comma?); name it, or choose the columns with features:",
                path: name, line: headerLine, column: unnamed + 1)
        }

        var values: [Float] = []
        var targets: [Float] = []
        var targetLines: [Int] = []
        var row = 0
        while let record = try context.next(&tokenizer, row: row + 1) {
            row += 1
            guard record.fields.count == header.count else {
                throw DataError(
                    .raggedRow,
                    "\(name):\(record.line): row \(row) has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(header.count)",
                    path: name, line: record.line)
            }
            for column in columns.features {
                values.append(try context.number(record.fields[column], line: record.line, row: row, column: column))
            }
            targets.append(try context.number(record.fields[columns.target], line: record.line, row: row, column: columns.target))
            targetLines.append(record.line)
        }
        guard row > 0 else {
            throw DataError(.noRows, "\(name):\(headerLine): the header has no data rows below it", path: name, line: headerLine)
        }
        let resolvedTask = try resolveTask(
            task, targets: targets, lines: targetLines, context: context, column: columns.target)
        return Dataset(
            features: Tensor(shape: [row, columns.features.count], scalars: values),
            targets: targets,
            featureNames: columns.features.map { header[$0] },
            targetName: header[columns.target],
            task: resolvedTask)
    }

    // MARK: - Pieces

    /// A header name: UTF-8 (invalid bytes replaced), surrounding spaces trimmed.
    static func decodeName(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    static func checkDuplicates(_ header: [String], context: Context, line: Int) throws {
        // Names compare as bytes: "é" and "e\u{301}" look alike but are two columns.
        var seen: [[UInt8]: Int] = [:]
        // Unnamed columns are only an error when used (see `parse`).
        for (index, name) in header.enumerated() where !name.isEmpty {
            if let first = seen[Array(name.utf8)] {
                throw DataError(
                    .duplicateColumn,
                    "\(context.name):\(line): duplicate column name '\(InputText.clipped(name))' (columns \(first + 1) and \(index + 1))",
                    path: context.name, line: line, column: index + 1)
            }
            seen[Array(name.utf8)] = index
        }
    }

    /// `columns: a, b, c` — with many columns the first 8 and the last 2 (the target is
    /// often last) and how many there are. Each name clipped: the "header" of a file that
    /// is not CSV can be one line of binary.
    static func columnList(_ header: [String]) -> String {
        let names = header.map(SafeTensorsHeader.clipped)
        guard names.count > 12 else { return "columns: " + names.joined(separator: ", ") }
        let shown = names.prefix(8) + ["…"] + names.suffix(2)
        return "\(names.count) columns: " + shown.joined(separator: ", ")
    }

    static func resolveColumns(
        header: [String], target: String, features: [String]?, context: Context, line: Int
    ) throws -> (target: Int, features: [Int]) {
        func index(of wanted: String, role: String) throws -> Int {
            // The exact bytes first; else a name that is the same text in another Unicode
            // form (a script in NFC, a header in NFD), if only one is.
            if let found = header.firstIndex(where: { $0.utf8.elementsEqual(wanted.utf8) }) { return found }
            let equivalent = header.indices.filter { header[$0] == wanted }
            if equivalent.count == 1 { return equivalent[0] }
            let suggestion = Suggestion.closest(to: wanted, among: header)
            let available = " (\(columnList(header)))"
            throw DataError(
                .unknownColumn,
                "\(context.name):\(line): no \(role) column named '\(InputText.clipped(wanted))'\(suggestion == nil ? available : "")",
                path: context.name, line: line, suggestion: suggestion)
        }
        let targetIndex = try index(of: target, role: "target")
        guard let features else {
            let all = header.indices.filter { $0 != targetIndex }
            guard !all.isEmpty else {
                throw DataError(
                    .invalidArgument, "\(context.name):\(line): no feature columns besides the target '\(InputText.clipped(target))'",
                    path: context.name, line: line)
            }
            return (targetIndex, all)
        }
        guard !features.isEmpty else {
            throw DataError(.invalidArgument, "\(context.name): the feature list is empty", path: context.name)
        }
        var chosen: [Int] = []
        for feature in features {
            let column = try index(of: feature, role: "feature")
            if column == targetIndex {
                throw DataError(
                    .invalidArgument,
                    "\(context.name): the target '\(InputText.clipped(target))' is also listed among the features",
                    path: context.name, line: line, column: column + 1)
            }
            if chosen.contains(column) {
                throw DataError(
                    .invalidArgument, "\(context.name): feature '\(InputText.clipped(feature))' is listed twice",
                    path: context.name, line: line, column: column + 1)
            }
            chosen.append(column)
        }
        return (targetIndex, chosen)
    }

    static func resolveTask(
        _ choice: TaskChoice, targets: [Float], lines: [Int], context: Context, column: Int
    ) throws -> Task {
        func isLabel(_ value: Float) -> Bool { value >= 0 && value.rounded() == value }
        switch choice {
        case .regression:
            return .regression
        case .infer:
            guard targets.allSatisfy(isLabel) else { return .regression }
            let largest = targets.max() ?? 0
            guard largest < Float(maxInferredClasses), Set(targets).count <= maxInferredClasses else {
                return .regression
            }
            return .classification(classes: Int(largest) + 1)
        case .classification:
            for (row, value) in targets.enumerated() where !isLabel(value) || value >= Float(maxClasses) {
                throw DataError(
                    .invalidLabel,
                    "\(context.name):\(lines[row]): row \(row + 1), \(context.columnLabel(column)): class label \(formatNumber(Double(value))) is not an integer in 0..<\(maxClasses)",
                    path: context.name, line: lines[row], column: column + 1)
            }
            return .classification(classes: Int(targets.max() ?? 0) + 1)
        }
    }

    /// What messages need while parsing: the file's name and the header.
    struct Context {
        var name: String
        var header: [String]

        func columnLabel(_ column: Int) -> String {
            column < header.count ? "column \(column + 1) '\(InputText.clipped(header[column]))'" : "column \(column + 1)"
        }

        /// The tokenizer's next record, with its syntax errors turned into `DataError`s.
        func next(_ tokenizer: inout CSVTokenizer, row: Int) throws -> CSVTokenizer.Record? {
            do {
                return try tokenizer.next()
            } catch .unterminatedQuote(let line, let field) {
                throw DataError(
                    .unterminatedQuote,
                    "\(name):\(line): \(place(row: row, field: field)): the quoted field opened here is never closed",
                    path: name, line: line, column: field + 1)
            } catch .textAfterQuote(let line, let field) {
                throw DataError(
                    .malformedQuote,
                    "\(name):\(line): \(place(row: row, field: field)): unexpected text after the closing quote",
                    path: name, line: line, column: field + 1)
            }
        }

        private func place(row: Int, field: Int) -> String {
            row == 0 ? "header, column \(field + 1)" : "row \(row), \(columnLabel(field))"
        }

        /// A cell as a finite float32.
        func number(_ cell: [UInt8], line: Int, row: Int, column: Int) throws -> Float {
            // Trimmed as bytes: Foundation's trimming costs more than the whole parse.
            var start = cell.startIndex, end = cell.endIndex
            while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
            while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
            let text = String(decoding: cell[start..<end], as: UTF8.self)
            var place: String { "\(name):\(line): row \(row), \(columnLabel(column))" }
            if text.isEmpty {
                throw DataError(.missingCell, "\(place): empty cell (missing value)", path: name, line: line, column: column + 1)
            }
            // `Float` reads a C string: it would stop at a NUL and take "2\0junk" for 2.
            // `Float` also reads hexadecimal ("0x10" = 16), which no other CSV reader does.
            guard !cell[start..<end].contains(0), !cell[start..<end].contains(where: { $0 == 0x78 || $0 == 0x58 }),
                  let value = Float(text)
            else {
                throw DataError(
                    .nonNumericCell, "\(place): \(quoted(text)) is not a number", path: name, line: line, column: column + 1)
            }
            guard value.isFinite else {
                throw DataError(
                    .nonFiniteCell, "\(place): \(quoted(text)) is not a finite float32 number (NaN, infinity or too large)",
                    path: name, line: line, column: column + 1)
            }
            return value
        }

        private func quoted(_ text: String) -> String { InputText.quoted(text, limit: 40) }
    }
}
