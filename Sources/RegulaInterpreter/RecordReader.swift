import RegulaNN

/// Typed, validated access to a run record's JSON by path (`files[2].sha256`): every
/// missing or mistyped field is a `RunRecordError` naming the path, never a crash.
struct RecordReader {
    let root: JSONValue

    init(_ root: JSONValue) { self.root = root }

    /// The value at `path` (`a.b[3].c`), or nil if any step is missing.
    func value(_ path: String) -> JSONValue? {
        var current = root
        for segment in path.split(separator: ".") {
            var name = Substring(segment)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else { return nil }
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty {
                guard let next = current[String(name)] else { return nil }
                current = next
            }
            for index in indices {
                guard let elements = current.asArray, elements.indices.contains(index) else { return nil }
                current = elements[index]
            }
        }
        return current
    }

    private func required(_ path: String) throws(RunRecordError) -> JSONValue {
        guard let found = value(path) else { throw RunRecordError("\(path) is missing") }
        return found
    }

    func string(_ path: String) throws(RunRecordError) -> String {
        guard let text = try required(path).asString else { throw RunRecordError("\(path) must be a string") }
        return text
    }

    func integer(_ path: String) throws(RunRecordError) -> Int {
        guard case .number(let text) = try required(path), let n = Int(text) else {
            throw RunRecordError("\(path) must be an integer")
        }
        return n
    }

    func array(_ path: String) throws(RunRecordError) -> [JSONValue] {
        guard let elements = try required(path).asArray else { throw RunRecordError("\(path) must be an array") }
        return elements
    }

    func object(_ path: String) throws(RunRecordError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = try required(path) else { throw RunRecordError("\(path) must be an object") }
        return members
    }

    /// A seed: null, or an integer in 0...2⁶⁴−1.
    func optionalSeed(_ path: String) throws(RunRecordError) -> UInt64? {
        switch try required(path) {
        case .null: return nil
        case .number(let text):
            guard let seed = UInt64(text) else { throw RunRecordError("\(path) must be a non-negative integer") }
            return seed
        default: throw RunRecordError("\(path) must be a non-negative integer or null")
        }
    }

    /// A file read or written: `{path, resolved_path, kind, size, sha256}`.
    func file(_ path: String) throws(RunRecordError) -> RunJournal.FileRead {
        let size = try integer(path + ".size")
        guard size >= 0 else { throw RunRecordError("\(path).size must not be negative") }
        return RunJournal.FileRead(
            path: try string(path + ".path"), resolvedPath: try string(path + ".resolved_path"),
            kind: try string(path + ".kind"), size: size, sha256: try string(path + ".sha256"))
    }

    /// A stored script (`RunVerifier` notes a text that no longer matches its SHA-256).
    func source(_ path: String) throws(RunRecordError) -> RunRecord.SourceCopy {
        let copy = RunRecord.SourceCopy(
            path: try string(path + ".path"), resolvedPath: try string(path + ".resolved_path"),
            sha256: try string(path + ".sha256"), text: try string(path + ".text"))
        guard copy.resolvedPath.hasPrefix("/") else { throw RunRecordError("\(path).resolved_path must be absolute") }
        return copy
    }
}
