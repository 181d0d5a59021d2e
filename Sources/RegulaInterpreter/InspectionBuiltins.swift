import RegulaNN
import RegulaTensor

/// Looking at weights: `weights`, `sparsity`, `histogram`, `summary`.
enum InspectionBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("weights", [.required("model")],
                    summary: "weights(m): every weight matrix's entries (no biases) as one flat tensor, layer by layer") { call in
                TensorObject.value(try weights(ModelBuiltins.model(call), call: call))
            },
            Builtin("sparsity", [.required("x"), .keyword("tol", .number(0))],
                    summary: "sparsity(m, tol: 0): the fraction of weights with |w| ≤ tol (exact zeros by default)") { call in
                let values = try tensor(call, "x")
                let tol = try call.number("tol")
                guard tol >= 0 else { throw call.error("tol", "tol must be ≥ 0, got \(ValuePrinter.format(tol))") }
                guard values.count > 0 else { return .number(0) }
                let small = values.scalars.reduce(0) { $0 + (Double(Swift.abs($1)) <= tol ? 1 : 0) }
                return .number(Double(small) / Double(values.count))
            },
            Builtin("histogram", [.required("x"), .keyword("bins", .number(20))],
                    summary: "histogram(t, bins: 20): a histogram drawn with bars (a model: its weights)") { call in
                let values = try tensor(call, "x")
                let bins = try call.integer("bins")
                guard (1...200).contains(bins) else { throw call.error("bins", "bins must be between 1 and 200, got \(bins)") }
                let histogram = HistogramObject(values: values.scalars, bins: bins)
                try call.context.recordFigures(call, try PlotAdapter.figures(for: .host(histogram), title: nil) ?? [], object: histogram)
                return .host(histogram)
            },
            Builtin("summary", [.required("model"), .optional("penalty"), .optional("optimizer")],
                    summary: "summary(m): layers, shapes, parameters, penalties, and the same settings in Keras, PyTorch and scikit-learn") { call in
                .host(TextObject(try ModelSummary(call).text))
            },
        ]
    }

    /// The model's weight matrices (not biases), flattened and concatenated in layer order.
    static func weights(_ object: ModelObject, call: BuiltinCall) throws -> Tensor<Float> {
        guard object.model.isBuilt else {
            throw call.error("model", "model \(object.name) has no weights yet: its input width is not known (declare model \(object.name)(inputs: N) or train it first)", id: "invalid-argument")
        }
        var scalars: [Float] = []
        for case .dense(let d) in object.model.layers { scalars += d.weight?.scalars ?? [] }
        return Tensor(scalars)
    }

    /// A tensor argument, or a model's weights.
    static func tensor(_ call: BuiltinCall, _ parameter: String) throws -> Tensor<Float> {
        let value = call.value(parameter) ?? .none
        if let object = value.host(as: TensorObject.self) { return object.tensor }
        if let object = value.host(as: ModelObject.self) { return try weights(object, call: call) }
        throw call.typeError(parameter, expected: "a tensor or a model", got: value)
    }
}

/// Text a builtin shows (a summary): prints as itself, also in the REPL.
final class TextObject: HostObject {
    let text: String
    init(_ text: String) { self.text = text }
    var typeName: String { "text" }
    var description: String { text }
    var length: Int? { text.count }
}
