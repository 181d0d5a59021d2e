#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CReadline
import RegulaInterpreter

/// Tab completion: `:` commands at the start of a line, file names after `:load`, fields
/// after `.` (`parts.tr` → `parts.train`), otherwise keywords, builtins and names in scope.
enum ReplCompleter {
    /// The session completion asks. Readline's completion hook is a C function pointer
    /// that cannot capture it, hence a static, set only while the REPL runs.
    nonisolated(unsafe) private static var session: ReplSession?

    /// Computed once: the builtin libraries do not change during a session.
    nonisolated(unsafe) private static var cachedKeywordsAndBuiltins: [String]?

    private static var keywordsAndBuiltins: [String] {
        if let cached = cachedKeywordsAndBuiltins { return cached }
        let words = Interpreter.keywordsAndBuiltins
        cachedKeywordsAndBuiltins = words
        return words
    }

    static func install(session: ReplSession) {
        ReplCompleter.session = session
        regula_rl_configure(completeWord)
    }

    static func uninstall() {
        session = nil
    }

    /// What completes `word`, the text before it on the line being `lineBefore`; and
    /// whether readline should fall back to file names.
    static func candidates(for word: String, lineBefore: String, interpreter: Interpreter) -> (matches: [String], fileNames: Bool) {
        let trimmedBefore = lineBefore.trimmingWhitespace()
        if trimmedBefore == ":" {
            return (MetaCommand.names.filter { $0.hasPrefix(word) }, false)
        }
        if trimmedBefore.hasPrefix(":load") || trimmedBefore.hasPrefix(":report") { return ([], true) }
        if trimmedBefore == ":help" || trimmedBefore == ":h" {
            return (keywordsAndBuiltins.filter { $0.hasPrefix(word) && interpreter.documentation(of: $0) != nil }, false)
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let partial = word[word.index(after: dot)...]
            // `[` and `]` break words, so after `net.layers[0].` the word is only `.`: the
            // value's path is the end of the text before it.
            let path = word.hasPrefix(".") ? indexedPath(endingAt: lineBefore) : base
            guard path.first.map({ $0.isLetter || $0 == "_" }) == true else { return ([], false) }
            let fields = interpreter.fieldNames(of: path).filter { $0.hasPrefix(partial) }
            return (fields.sorted().map { "\(base).\($0)" }, false)
        }
        let names = Set(keywordsAndBuiltins + interpreter.globalNames())
        return (names.filter { $0.hasPrefix(word) }.sorted(), false)
    }

    /// The name, `.field`s and `[index]`es that end `text` (`net.layers[0]` in
    /// `print(net.layers[0]`); empty when `text` does not end with `]`.
    static func indexedPath(endingAt text: String) -> String {
        guard text.last == "]" else { return "" }
        var start = text.endIndex
        var depth = 0
        for index in text.indices.reversed() {
            let character = text[index]
            if character == "]" {
                depth += 1
            } else if character == "[" {
                if depth == 0 { break }  // an open bracket the path sits inside: `f(xs[net.layers[0]`
                depth -= 1
            } else if depth == 0, !(character.isLetter || character.isNumber || character == "_" || character == ".") {
                break
            }
            start = index
        }
        return String(text[start...])
    }

    /// Readline's list format: the common prefix to insert, then the matches, then NULL;
    /// a single match stands alone. Allocated with malloc: readline frees it.
    static func readlineList(_ matches: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard let first = matches.first else { return nil }
        let entries = matches.count == 1 ? [first] : [commonPrefix(matches)] + matches
        guard let memory = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)) else {
            return nil
        }
        let list = memory.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { list[index] = strdup(entry) }
        list[entries.count] = nil
        return list
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    fileprivate static func complete(word: String, start: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard let session else { return nil }
        let line = regula_rl_line_buffer().map { String(cString: $0) } ?? ""
        let before = String(decoding: line.utf8.prefix(max(start, 0)), as: UTF8.self)
        let result = candidates(for: word, lineBefore: before, interpreter: session.interpreter)
        // No space after a completed name: what follows is usually `(`, `.` or `[`.
        regula_rl_completion_settings(result.fileNames ? 1 : 0, 0)
        return readlineList(result.matches)
    }
}

/// Readline's `rl_attempted_completion_function`.
private func completeWord(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    ReplCompleter.complete(word: text.map { String(cString: $0) } ?? "", start: Int(start))
}
