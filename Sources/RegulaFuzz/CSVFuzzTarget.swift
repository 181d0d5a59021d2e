import RegulaNN

/// Parses the input as a CSV file with `CSVLoader` (the reader behind `csv(...)`), its
/// target the first header name, so that inputs reach the rows; the task alternates
/// between inferred, regression and classification. Every failure must be a `DataError`
/// whose message is clipped and free of control characters.
enum CSVFuzzTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let input = Array(bytes)
        let tasks: [CSVLoader.TaskChoice] = [.infer, .regression, .classification]
        let task = tasks[input.count % tasks.count]
        do {
            let data = try CSVLoader.parse(bytes: input, name: "<fuzz>.csv", target: firstName(input), task: task)
            FuzzSink.consume(data.rows)
        } catch let error as DataError {
            FuzzChecks.requireTerminalSafe(error.message)
        } catch {
            FuzzChecks.fail("CSVLoader threw a \(type(of: error)), not a DataError")
        }
    }

    /// The first header field as the loader reads it (unquoted, spaces trimmed).
    static func firstName(_ input: [UInt8]) -> String {
        var start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < input.count, input[start] == UInt8(ascii: " ") || input[start] == UInt8(ascii: "\n") { start += 1 }
        var end = start
        while end < input.count, ![UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(input[end]) { end += 1 }
        let field = input[start..<end].filter { $0 != UInt8(ascii: "\"") }
        return String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
}
