import Foundation
import RegulaNN
import RegulaTensor

/// Files: `save` / `load` of a model's weights in safetensors (a PyTorch state dict:
/// `"{i}.weight"` `[out, in]`, `"{i}.bias"` `[out]`, float32), and `write_csv` of a history
/// or any list of records. Paths are relative to the script; writes are atomic.
enum PersistenceBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("save", [.required("model"), .required("path")],
                    summary: "save(m, path): the weights as safetensors, a PyTorch state dict") { call in
                let object = try ModelBuiltins.model(call)
                let path = try call.path("path")
                guard object.model.isBuilt else {
                    throw call.error("model", "model \(object.name) has no weights yet: its input width is not known (declare model \(object.name)(inputs: N) or train it first)")
                }
                let resolved = call.context.resolvePath(path)
                let bytes = try TrainingErrors.run(call, at: "path") {
                    let bytes = try SafeTensors.encode(object.model.stateDict, metadata: ["format": "pt"])
                    try AtomicFile.write(bytes, to: resolved)
                    return bytes
                }
                call.context.journal.recordWrite(path: path, resolvedPath: resolved, kind: "weights", contents: bytes)
                return .none
            },
            Builtin("load", [.required("model"), .required("path")],
                    summary: "load(m, path): the weights from a safetensors file (names and shapes checked)") { call in
                let object = try ModelBuiltins.model(call)
                let path = try call.path("path")
                let resolved = call.context.resolvePath(path)
                let bytes = try TrainingErrors.run(call, at: "path") {
                    try FileReader.read(resolved, shownAs: path, limit: FileReader.maxWeightsFileBytes, kind: "a weights file")
                }
                call.context.journal.recordFile(path: path, resolvedPath: resolved, kind: "weights", contents: bytes)
                let file = try TrainingErrors.run(call, at: "path") { try SafeTensors.decode(bytes, name: path) }
                try TrainingErrors.run(call, at: "path") {
                    do {
                        try object.model.loadStateDict(file.tensors)
                    } catch {
                        throw ModelError.stateDict("\(path): \(error) (model \(object.name))")
                    }
                }
                return .none
            },
            Builtin("write_csv", [.required("rows"), .required("path")],
                    summary: "write_csv(rows, path): a list of records (or a run's history) as CSV, written atomically") { call in
                let rows = try records(call)
                let path = try call.path("path")
                guard let text = csvText(rows, limit: FileReader.maxDataFileBytes) else {
                    throw call.error("rows", "the CSV text would be larger than \(FileReader.describe(bytes: FileReader.maxDataFileBytes)), the most csv() reads", id: "too-large")
                }
                try TrainingErrors.run(call, at: "path") {
                    try AtomicFile.write(Array(text.utf8), to: call.context.resolvePath(path))
                }
                return .none
            },
        ]
    }

    /// A run (its history) or a list of records.
    static func records(_ call: BuiltinCall) throws -> [Record] {
        let value = call.value("rows") ?? .none
        if let run = value.host(as: RunObject.self) {
            return run.result.history.map(RunObject.record)
        }
        guard case .list(let items) = value else {
            throw call.typeError("rows", expected: "a list of records or a run", got: value)
        }
        return try items.enumerated().map { index, item in
            guard case .record(let record) = item else {
                throw call.error("rows", "element \(index) must be a record, got \(RuntimeMessages.describe(item))", id: "type-error")
            }
            return record
        }
    }

    /// Columns: every field name in order of first appearance; a missing field or `none`
    /// is an empty cell; numbers print as `print` shows them; text is quoted when needed.
    /// Nil past `limit` bytes (what `csv` reads back), found while building.
    static func csvText(_ rows: [Record], limit: Int) -> String? {
        var columns: [String] = []
        var seen = Set<String>()
        for row in rows { for name in row.names where seen.insert(name).inserted { columns.append(name) } }
        var out = ""
        func cell(_ value: Value?) -> String? {
            guard let value, !value.isNone else { return "" }
            guard let text = value.description(limit: limit - out.utf8.count) else { return nil }
            let needsQuotes = text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        func line(_ values: [Value?]) -> Bool {
            for (i, value) in values.enumerated() {
                guard let text = cell(value) else { return false }
                if i > 0 { out += "," }
                out += text
            }
            out += "\n"
            return out.utf8.count <= limit
        }
        guard line(columns.map { .string($0) }) else { return nil }
        for row in rows { guard line(columns.map { row[$0] }) else { return nil } }
        return out
    }
}
