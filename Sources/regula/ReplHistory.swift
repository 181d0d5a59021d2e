#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CReadline

/// The REPL's persistent history, in readline's history list and a file: loaded at start,
/// saved on exit (to a temporary name, then renamed). An entry of several lines is one
/// history entry (in the file, lines between two `#<time>` lines). Blank entries are not
/// added; an entry typed again moves to the end instead of appearing twice.
struct ReplHistory {
    /// Where the history lives; nil keeps it for this session only.
    let path: String?
    static let capacity: Int32 = 1000

    /// `$REGULA_HISTORY` if set and not empty, else `~/.regula_history`.
    static func defaultPath(environment: Environment = Environment()) -> String? {
        if let path = environment["REGULA_HISTORY"], !path.isEmpty { return path }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.regula_history" }
        return nil
    }

    func load() {
        using_history()
        stifle_history(ReplHistory.capacity)
        regula_history_keep_multiline_entries()
        if let path { _ = read_history(path) }  // a missing file is an empty history
    }

    func add(_ entry: String) {
        guard !entry.trimmingWhitespace().isEmpty else { return }
        removeEntries(equalTo: entry)
        add_history(entry)
    }

    /// Writes the history; false (and a message) if it could not.
    func save() -> String? {
        guard let path else { return nil }
        let temporary = "\(path).\(getpid()).tmp"
        let status = write_history(temporary)
        if status == 0, rename(temporary, path) == 0 { return nil }
        let code = status != 0 ? status : errno
        unlink(temporary)
        return "cannot save history to '\(path)': \(String(cString: strerror(code)))"
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
