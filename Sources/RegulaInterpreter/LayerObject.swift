import RegulaNN
import RegulaTensor

/// A layer: what `dense(...)` and `dropout(p)` return (a specification for a `model`
/// block), or `m.layers[i]`, a view of a model's layer whose `weight` and `bias` read and
/// write the model's parameters (`[out, in]` and `[out]`, as `torch.nn.Linear`).
final class LayerObject: HostObject {
    private enum Storage {
        case specification(Layer)
        case view(ModelObject, position: Int)
    }

    private let storage: Storage

    init(_ layer: Layer) { storage = .specification(layer) }
    init(model: ModelObject, position: Int) { storage = .view(model, position: position) }

    var layer: Layer {
        switch storage {
        case .specification(let layer): return layer
        case .view(let model, let position): return model.model.layers[position]
        }
    }

    /// The model and position of a view (nil for a specification).
    var owner: (model: ModelObject, position: Int)? {
        if case .view(let model, let position) = storage { return (model, position) }
        return nil
    }

    var typeName: String { "layer" }
    var description: String { layer.description }

    var fieldNames: [String] {
        switch layer {
        case .dense: return ["kind", "units", "activation", "weight", "bias", "penalty", "bias_penalty", "activity_penalty", "parameters"]
        case .activation: return ["kind", "activation"]
        case .dropout: return ["kind", "p"]
        case .function: return ["kind"]
        }
    }

    func field(named name: String) throws -> Value? {
        switch (layer, name) {
        case (.dense, "kind"): return .string("dense")
        case (.activation, "kind"): return .string("activation")
        case (.dropout, "kind"): return .string("dropout")
        case (.function, "kind"): return .string("function")
        case (.dense(let d), "units"): return .number(Double(d.units))
        // A script activation is named by what it prints as (`swish`, `fn (x)`).
        case (.dense(let d), "activation"): return d.activationFunction.map { .string($0.description) } ?? .host(ActivationObject(d.activation))
        case (.activation(let a), "activation"): return .host(ActivationObject(a))
        case (.dense(let d), "weight"): return d.weight.map(TensorObject.value) ?? Value.none
        case (.dense(let d), "bias"): return d.bias.map(TensorObject.value) ?? Value.none
        case (.dense(let d), "penalty"): return d.penalty.map(PenaltyObject.value) ?? Value.none
        case (.dense(let d), "bias_penalty"): return d.biasPenalty.map(PenaltyObject.value) ?? Value.none
        case (.dense(let d), "activity_penalty"): return d.activityPenalty.map(PenaltyObject.value) ?? Value.none
        case (.dense, "parameters"): return .number(Double(layer.parameterCount))
        case (.dropout(let p), "p"): return .number(p)
        default: return nil
        }
    }

    /// `m.layers[i].weight = t` (and `.bias`): same shape required, the model changes.
    func setField(named name: String, to value: Value) throws -> Bool {
        guard name == "weight" || name == "bias", case .dense(let d) = layer else { return false }
        guard let owner else {
            throw RuntimeError("this layer is not part of a model: assign m.layers[i].\(name) of a model instead", id: "invalid-assignment")
        }
        guard let tensor = value.host(as: TensorObject.self)?.tensor else {
            throw RuntimeError("\(name) must be a tensor, got \(RuntimeMessages.describe(value))", id: "type-error")
        }
        guard d.weight != nil else {
            throw RuntimeError("layer \(owner.position) (\(layer)) has no weights yet: its input width is not known (declare model NAME(inputs: N) or train it first)", id: "invalid-assignment")
        }
        guard name == "weight" || d.hasBias else {
            throw RuntimeError("layer \(owner.position) (\(layer)) has no bias (bias: false)", id: "invalid-assignment")
        }
        let (model, position) = owner
        if let refusal = model.changeRefusal {
            throw RuntimeError(refusal, id: "model-in-training", hint: model.changeRefusalHint)
        }
        var entries = model.model.stateDict
        let key = "\(model.model.moduleIndex(ofLayer: position)).\(name)"
        for i in entries.indices where entries[i].name == key { entries[i].tensor = tensor }
        do {
            try model.model.loadStateDict(entries)
        } catch {
            throw RuntimeError(String(describing: error), id: "shape-error")
        }
        return true
    }

    static let expected = "a layer (dense(...), dropout(p), relu, tanh, sigmoid, gelu or a function fn (x))"
}
