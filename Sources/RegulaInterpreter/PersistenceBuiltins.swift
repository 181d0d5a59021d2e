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
                    try SharedWrite.perform(call.context) { try AtomicFile.write(bytes, to: resolved) }
                    return bytes
                }
                call.context.journal.recordWrite(path: path, resolvedPath: resolved, kind: "weights", contents: bytes)
                return .none
            },
            Builtin("load", [.required("model"), .required("path")],
                    summary: "load(m, path): the weights from a safetensors file (names and shapes checked)") { call in
                let object = try ModelBuiltins.changedModel(call)
                let path = try call.path("path")
                let resolved = call.context.resolvePath(path)
                let bytes = try TrainingErrors.run(call, at: "path") { try DataBuiltins.readFile(resolved, shownAs: path) }
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
                try TrainingErrors.run(call, at: "path") {
                    let text = Array(csvText(rows).utf8)
                    try SharedWrite.perform(call.context) { try AtomicFile.write(text, to: call.context.resolvePath(path)) }
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
    static func csvText(_ rows: [Record]) -> String {
        var columns: [String] = []
        for row in rows { for name in row.names where !columns.contains(name) { columns.append(name) } }
        func cell(_ value: Value?) -> String {
            guard let value, !value.isNone else { return "" }
            let text = value.description
            let needsQuotes = text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [columns.map { cell(.string($0)) }.joined(separator: ",")]
        for row in rows { lines.append(columns.map { cell(row[$0]) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
