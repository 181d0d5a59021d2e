import RegulaTensor

/// PyTorch-compatible parameter access: a state dict of `"{i}.weight"` (`[out, in]`) and
/// `"{i}.bias"` (`[out]`) tensors, `i` the index of the layer's `nn.Linear` in the
/// `torch.nn.Sequential` a PyTorch user writes for the model. There an `activation:` is a
/// module of its own after its `Linear`, so `dense(64, activation: relu)`, `dense(64,
/// activation: relu)`, `dense(2)` is `Sequential(Linear, ReLU, Linear, ReLU, Linear)`
/// with keys `0.*`, `2.*`, `4.*` (an activation function counts as a named one does);
/// activation, function and dropout lines are one module each.
extension Model {
    /// The index in the equivalent `torch.nn.Sequential` of the module that layer
    /// `position` starts with (its `nn.Linear` for a dense layer).
    public func moduleIndex(ofLayer position: Int) -> Int {
        layers[..<position].reduce(0) { count, layer in
            if case .dense(let d) = layer, d.hasActivation { return count + 2 }
            return count + 1
        }
    }

    /// The parameters in layer order (empty until the model is built).
    public var stateDict: [(name: String, tensor: Tensor<Float>)] {
        var entries: [(name: String, tensor: Tensor<Float>)] = []
        for (position, layer) in layers.enumerated() {
            guard case .dense(let d) = layer else { continue }
            let module = moduleIndex(ofLayer: position)
            if let w = d.weight { entries.append(("\(module).weight", w)) }
            if let b = d.bias { entries.append(("\(module).bias", b)) }
        }
        return entries
    }

    /// The names and shapes the model's state dict has (or will have once built with
    /// `inputs` features), with the layer each belongs to.
    func expectedShapes(inputs: Int) -> [(name: String, shape: [Int], position: Int)] {
        var width = inputs
        var result: [(name: String, shape: [Int], position: Int)] = []
        for (position, layer) in layers.enumerated() {
            guard case .dense(let d) = layer else { continue }
            let module = moduleIndex(ofLayer: position)
            result.append(("\(module).weight", [d.units, width], position))
            if d.hasBias { result.append(("\(module).bias", [d.units], position)) }
            width = d.units
        }
        return result
    }

    /// Replaces every parameter from `entries`. An unbuilt model takes its input width
    /// from the first weight. Throws, changing nothing, when a name is missing or
    /// unexpected, a shape differs (naming the parameter, the layer and both shapes) or a
    /// value is NaN or infinite.
    public mutating func loadStateDict(_ entries: [(name: String, tensor: Tensor<Float>)]) throws(ModelError) {
        var given: [String: Tensor<Float>] = [:]
        var seen = Set<[UInt8]>()  // by bytes: "é" and "e\u{301}" are two names
        for (name, tensor) in entries {
            if !seen.insert(Array(name.utf8)).inserted { throw .stateDict("the state dict has '\(InputText.clipped(name))' twice") }
            // Expected names are ASCII ("0.weight"); others can only be unexpected.
            if name.utf8.allSatisfy({ $0 < 0x80 }) { given[name] = tensor }
        }
        var inputs = inputWidth
        if inputs == nil, let firstDense = layers.firstIndex(where: { if case .dense = $0 { true } else { false } }),
            let w = given["\(moduleIndex(ofLayer: firstDense)).weight"], w.rank == 2
        {
            inputs = w.shape[1]
        }
        guard let inputs, inputs > 0 else {
            throw .stateDict("cannot tell the model's input width: the state dict has no usable first-layer weight")
        }
        let expected = expectedShapes(inputs: inputs)
        let expectedNames = Set(expected.map(\.name))
        let missing = expected.map(\.name).filter { given[$0] == nil }
        let unexpected = entries.map(\.name).filter { !expectedNames.contains($0) }
        var problems: [String] = []
        if !missing.isEmpty { problems.append("missing " + listed(missing)) }
        if !unexpected.isEmpty { problems.append("unexpected " + listed(unexpected)) }
        if !missing.isEmpty || !unexpected.isEmpty {
            // Both lists: a file numbered another way (say, one index per model line)
            // shows at a glance. The file's names are clipped: a file may hold thousands.
            let fileNames = entries.prefix(40).map { InputText.clipped($0.name) }.joined(separator: ", ")
                + (entries.count > 40 ? " and \(entries.count - 40) more" : "")
            problems.append("the model expects \(expected.map(\.name).joined(separator: ", ")) (torch.nn.Sequential numbering: an activation is a module of its own), the file has \(fileNames)")
        }
        for (name, shape, position) in expected {
            guard let tensor = given[name], tensor.shape != shape else { continue }
            problems.append("'\(name)' of \(layerName(position)) has shape \(InputText.clipped(tensor.shapeDescription, limit: 80)) but the model needs \(shapeText(shape))")
        }
        // A NaN or infinite weight would only surface later as a "diverged" training.
        for (name, shape, position) in expected {
            guard let tensor = given[name], tensor.shape == shape,
                let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) else { continue }
            let value = tensor.scalars[index]
            let what = value.isNaN ? "NaN" : value > 0 ? "infinity" : "-infinity"
            let place = shape.count == 2 ? "[\(index / shape[1]), \(index % shape[1])]" : "[\(index)]"
            problems.append("'\(name)' of \(layerName(position)) holds \(what) at \(place) (weights must be finite)")
        }
        if !problems.isEmpty { throw .stateDict("the state dict does not match the model: " + problems.joined(separator: "; ")) }
        if inputWidth == nil {
            inputWidth = inputs
        }
        for (position, layer) in layers.enumerated() {
            let module = moduleIndex(ofLayer: position)
            guard case .dense = layer, let w = given["\(module).weight"] else { continue }
            setParameters(position: position, weight: w, bias: given["\(module).bias"])
        }
    }
}

/// Names from a file, quoted and escaped: the first eight, then how many more.
private func listed(_ names: [String]) -> String {
    let shown = names.prefix(8).map { "'\(InputText.clipped($0))'" }.joined(separator: ", ")
    return names.count > 8 ? shown + " and \(names.count - 8) more" : shown
}

/// `[256, 64]`.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
