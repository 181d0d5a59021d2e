#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CReadline
import RegulaInterpreter

/// The REPL's persistent history, in readline's history list and a file: loaded at start,
/// saved on exit. An entry of several lines is one history entry (in the file, the lines
/// after a `#<time>` line up to the next one, readline's format). Blank entries are not
/// added; an entry typed again moves to the end instead of appearing twice.
///
/// The file is read and written by Regula's own file rules, not readline's: reading never
/// blocks (a FIFO at the path is not waited on) and stops at `maxFileBytes`; writing goes
/// to a temporary name renamed over the file, through a symbolic link (the link stays),
/// and never over a device, FIFO or socket. A path that is not a regular file gets one
/// warning at start and the session goes on without saving.
final class ReplHistory {
    /// Where the history lives; nil keeps it for this session only.
    let path: String?
    static let capacity: Int32 = 1000
    /// The largest history file read (1000 entries are far less).
    static let maxFileBytes = 8 << 20
    /// False after `load` found the path unusable: the session's history is not saved.
    private var saves = true

    init(path: String?) {
        self.path = path
    }

    /// `$REGULA_HISTORY` if set and not empty, else `~/.regula_history`.
    static func defaultPath(environment: Environment = Environment()) -> String? {
        if let path = environment["REGULA_HISTORY"], !path.isEmpty { return path }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.regula_history" }
        return nil
    }

    /// Loads the history file (a missing file is an empty history); a warning to show if
    /// the path cannot be used.
    func load() -> String? {
        using_history()
        stifle_history(ReplHistory.capacity)
        regula_history_keep_multiline_entries()
        guard let path else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try HostFiles.read(path, limit: ReplHistory.maxFileBytes)
        } catch {
            if error == .notFound { return nil }
            saves = false
            return "history is not saved: cannot use '\(path)': \(error.reason)"
        }
        for entry in ReplHistory.entries(in: bytes) {
            add_history(entry.text)
            if let time = entry.time { add_history_time(time) }
        }
        return nil
    }

    func add(_ entry: String) {
        guard !entry.trimmingWhitespace().isEmpty else { return }
        removeEntries(equalTo: entry)
        add_history(entry)
    }

    /// Writes the history; a message if it could not.
    func save() -> String? {
        guard let path, saves else { return nil }
        do {
            try HostFiles.write(fileContents(), to: path)
            return nil
        } catch {
            return "cannot save history: \(error.message)"
        }
    }

    /// The history list in readline's file format: each entry after its `#<time>` line.
    private func fileContents() -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while let list = history_list(), let entry = list[index] {
            index += 1
            guard let line = entry.pointee.line else { continue }
            if let time = entry.pointee.timestamp, time.pointee != 0 {
                out += Array(String(cString: time).utf8)
            } else {
                out += Array("#\(Int(time(nil)))".utf8)
            }
            out.append(UInt8(ascii: "\n"))
            out += Array(String(cString: line).utf8)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// The entries of a history file: the lines after a `#<digits>` line up to the next
    /// such line form one entry (with that time); lines before any time line are an entry
    /// each (a file written without times).
    static func entries(in bytes: [UInt8]) -> [(text: String, time: String?)] {
        var entries: [(text: String, time: String?)] = []
        var current: (lines: [Substring], time: String)?
        func finish() {
            if let done = current, !done.lines.isEmpty { entries.append((done.lines.joined(separator: "\n"), done.time)) }
            current = nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            if line.first == "#", line.count > 1, line.dropFirst().allSatisfy(\.isASCIIDigit) {
                finish()
                current = ([], String(line))
            } else if current != nil {
                current?.lines.append(line)
            } else if !line.isEmpty {
                entries.append((String(line), nil))
            }
        }
        finish()
        return entries
    }

    private func removeEntries(equalTo line: String) {
        var index: Int32 = 0
        while let list = history_list(), let entry = list[Int(index)] {
            if let text = entry.pointee.line, String(cString: text) == line {
                if let removed = remove_history(index) { _ = free_history_entry(removed) }
            } else {
                index += 1
            }
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
