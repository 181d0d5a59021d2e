import Foundation
import RegulaNN
import RegulaTensor

/// Files: `save` / `load` of a model's weights in safetensors (a PyTorch state dict:
/// `"{i}.weight"` `[out, in]`, `"{i}.bias"` `[out]`, float32, `i` the module index in the
/// equivalent `torch.nn.Sequential`), and `write_csv` of a history, a list of records, a
/// dataset or a tensor. Paths are relative to the script; writes are atomic.
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
            Builtin("write_csv", [.required("rows"), .required("path"), .optional("columns")],
                    summary: "write_csv(x, path, columns:?): a run's history, a list of records, a dataset (features then target, with a header) or a tensor of rows (header columns:, default 0, 1, ...) as CSV, written atomically") { call in
                let value = call.value("rows") ?? .none
                if call.isGiven("columns") && value.host(as: TensorObject.self) == nil {
                    throw call.error("columns", "columns: names the columns of a tensor; \(RuntimeMessages.describe(value)) brings its own names", id: "invalid-argument")
                }
                let text: String
                if let data = value.host(as: DatasetObject.self) {
                    text = csvText(data.dataset)
                } else if let tensor = value.host(as: TensorObject.self)?.tensor {
                    text = try csvText(tensor, call)
                } else {
                    guard let built = csvText(try records(call), limit: FileReader.maxDataFileBytes) else {
                        throw call.error("rows", "the CSV text would be larger than \(FileReader.describe(bytes: FileReader.maxDataFileBytes)), the most csv() reads", id: "too-large")
                    }
                    text = built
                }
                let path = try call.path("path")
                try TrainingErrors.run(call, at: "path") {
                    let bytes = Array(text.utf8)
                    try SharedWrite.perform(call.context) { try AtomicFile.write(bytes, to: call.context.resolvePath(path)) }
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
            throw call.typeError("rows", expected: "a run, a list of records, a dataset or a tensor", got: value)
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

    /// The feature columns then the target, under their names: `csv(path, target:)` reads
    /// the same dataset back (float32 values in their shortest exact form).
    static func csvText(_ data: Dataset) -> String {
        let width = data.featureCount
        var lines = [(data.featureNames + [data.targetName]).map(quoted).joined(separator: ",")]
        lines.reserveCapacity(data.rows + 1)
        data.features.scalars.withUnsafeBufferPointer { x in
            for r in 0..<data.rows {
                let row = x[(r * width)..<((r + 1) * width)].map(floatCell) + [floatCell(data.targets[r])]
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A matrix (or a vector, as one column) row by row under `columns:` (default `0`, `1`,
    /// ... as pandas names an array's columns).
    static func csvText(_ tensor: Tensor<Float>, _ call: BuiltinCall) throws -> String {
        guard tensor.rank == 1 || tensor.rank == 2 else {
            throw call.error("rows", "needs a tensor of rows (rank 1 or 2), got shape \(tensor.shapeDescription)", id: "shape-error")
        }
        let width = tensor.rank == 2 ? tensor.shape[1] : 1
        var names = (0..<width).map(String.init)
        if let given = call.value("columns") {
            guard case .list(let items) = given else { throw call.typeError("columns", expected: "a list of column names", got: given) }
            names = try items.elements.enumerated().map { index, item in
                guard case .string(let name) = item else {
                    throw call.error("columns", "column \(index) must be a string, got \(RuntimeMessages.describe(item))", id: "type-error")
                }
                return name
            }
            guard names.count == width else {
                throw call.error("columns", "\(names.count) column name\(names.count == 1 ? "" : "s") for a tensor of \(width) column\(width == 1 ? "" : "s") (shape \(tensor.shapeDescription))", id: "shape-error")
            }
        }
        var lines = [names.map(quoted).joined(separator: ",")]
        let rows = tensor.rank == 2 ? tensor.shape[0] : tensor.count
        for r in 0..<rows {
            lines.append(tensor.scalars[(r * width)..<((r + 1) * width)].map(floatCell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2` for an integral value, else the shortest text that reads back as the same float32.
    static func floatCell(_ x: Float) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A cell with a comma, quote or line break goes in quotes, quotes doubled.
    static func quoted(_ text: String) -> String {
        let needsQuotes = text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
