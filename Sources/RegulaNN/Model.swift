import RegulaTensor

/// A sequential model: layers applied in order, like `torch.nn.Sequential`.
///
/// The input width is given at construction or taken from the first data the model sees
/// (`build(inputs:)`). Each dense layer draws its initial parameters from
/// `RandomGenerator(seed: seed, stream: .initialization, index: position)`, so one layer's
/// initialisation never depends on another's, and `reset()` redraws the same values.
public struct Model: Sendable, Equatable {
    public private(set) var layers: [Layer]
    /// The width of one input row, once known.
    public internal(set) var inputWidth: Int?
    /// The seed of the initialisation stream.
    public var seed: UInt64

    /// A model of `layers`; with `inputs` the parameters are drawn at once.
    public init(layers: [Layer], inputs: Int? = nil, seed: UInt64 = 0) throws(ModelError) {
        for (position, layer) in layers.enumerated() {
            switch layer {
            case .dense(let d):
                if d.units < 1 { throw .invalidLayer("layer \(position) (\(layer)): units must be at least 1, got \(d.units)") }
                for p in [d.penalty, d.biasPenalty, d.activityPenalty].compactMap({ $0 }) {
                    if let problem = p.validationError { throw .invalidLayer("layer \(position) (\(layer)): \(problem)") }
                }
                if let problem = d.activityPenalty.flatMap(DenseLayer.activityPenaltyProblem) {
                    throw .invalidLayer("layer \(position) (\(layer)): \(problem)")
                }
            case .dropout(let p):
                if !(p >= 0 && p < 1) { throw .invalidLayer("layer \(position) (\(layer)): the dropout probability must be in [0, 1), got \(formatNumber(p))") }
            case .activation, .function:
                break
            }
        }
        self.layers = layers
        self.seed = seed
        if let inputs { try build(inputs: inputs) }
    }

    /// Whether the input width is known and the parameters exist.
    public var isBuilt: Bool { inputWidth != nil }

    /// Fixes the input width and draws the parameters; a no-op when already built with
    /// that width, a shape error when built with another.
    public mutating func build(inputs: Int) throws(ModelError) {
        if inputWidth != nil { return try checkInput(width: inputs) }
        if inputs < 1 { throw .shapeMismatch("a model needs at least one input feature, got \(inputs)") }
        inputWidth = inputs
        initialize()
    }

    /// Redraws every parameter from the initialisation stream with each layer's rule (the
    /// same values as when the model was first built with this seed).
    public mutating func reset() {
        guard inputWidth != nil else { return }
        initialize()
    }

    /// An independent copy (models are values: this is `self`).
    public func clone() -> Model { self }

    private mutating func initialize() {
        guard var width = inputWidth else { return }
        for position in layers.indices {
            guard case .dense(var d) = layers[position] else { continue }
            var generator = RandomGenerator(seed: seed, stream: .initialization, index: UInt64(position))
            let (weight, bias) = d.initializer.draw(inputs: width, units: d.units, generator: &generator)
            d.weight = Tensor(shape: [d.units, width], scalars: weight)
            d.bias = d.hasBias ? Tensor(shape: [d.units], scalars: bias) : nil
            layers[position] = .dense(d)
            width = d.units
        }
    }

    /// The width of one output row (nil until built).
    public var outputWidth: Int? {
        guard var width = inputWidth else { return nil }
        for case .dense(let d) in layers { width = d.units }
        return width
    }

    /// Number of trainable parameters.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// `layer 2 (dense(10))`: how messages name a layer.
    func layerName(_ position: Int) -> String { "layer \(position) (\(layers[position]))" }

    /// Throws a shape error naming both shapes and the first layer unless rows of `width`
    /// values suit the model.
    public func checkInput(width: Int) throws(ModelError) {
        guard let inputWidth, inputWidth != width else { return }
        let first = layers.firstIndex { if case .dense = $0 { return true } else { return false } } ?? 0
        let culprit = layers.isEmpty ? "the model" : layerName(first)
        throw .shapeMismatch("\(culprit) expects inputs of shape [N, \(inputWidth)] but the data has shape [N, \(width)]")
    }

    /// Replaces the dense layer at `position` (used when training writes weights back).
    mutating func setParameters(position: Int, weight: Tensor<Float>, bias: Tensor<Float>?) {
        guard case .dense(var d) = layers[position] else { return }
        d.weight = weight
        d.bias = bias
        layers[position] = .dense(d)
    }
}
