import RegulaNN

/// A model as a table: one row per layer with its output shape and parameter count.
///
///     model mlp: 64 inputs → 10 outputs, 84,490 parameters
///       #  layer                         output    parameters
///       0  dense(256, activation: relu)  [N, 256]      16,640
///       1  dense(10)                     [N, 10]        2,570
struct ModelTable {
    let model: Model
    let name: String
    /// Extra columns after the parameters (summary adds the penalty on each layer).
    var extra: (title: String, cell: (Int) -> String)?

    init(model: Model, name: String, extra: (title: String, cell: (Int) -> String)? = nil) {
        self.model = model
        self.name = name
        self.extra = extra
    }

    var header: String {
        guard let inputs = model.inputWidth else {
            return "model \(name): input width not known yet (taken from the first data it sees), \(model.layers.count) layer\(model.layers.count == 1 ? "" : "s")"
        }
        let outputs = model.outputWidth ?? inputs
        return "model \(name): \(inputs) input\(inputs == 1 ? "" : "s") → \(outputs) output\(outputs == 1 ? "" : "s"), \(Self.grouped(model.parameterCount)) parameters"
    }

    var text: String {
        var rows: [[String]] = [["#", "layer", "output", "parameters"] + (extra.map { [$0.title] } ?? [])]
        var width: Int? = model.inputWidth
        var units: Int?
        for (position, layer) in model.layers.enumerated() {
            if case .dense(let d) = layer { units = d.units }
            let shownWidth = units ?? width
            let shape = shownWidth.map { "[N, \($0)]" } ?? "[N, ?]"
            let parameters = model.isBuilt ? Self.grouped(layer.parameterCount) : (layer.isDense ? "?" : "0")
            var row = ["\(position)", layer.description, shape, parameters]
            if let extra { row.append(extra.cell(position)) }
            rows.append(row)
            width = shownWidth
        }
        if model.layers.isEmpty { return header + "\n  (no layers)" }
        let columns = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let rightAligned: Set<Int> = [3]
        let lines = rows.map { row in
            "  " + row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: columns[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([header] + lines).joined(separator: "\n")
    }

    /// `84,490`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}

extension Layer {
    var isDense: Bool {
        if case .dense = self { return true }
        return false
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
