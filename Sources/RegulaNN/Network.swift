import RegulaTensor

/// The training engine's view of a `Model`: a tape of primitive nodes (fused dense layers,
/// activations, dropout, penalties, the loss), recorded once and replayed every step, with
/// parameters and workspaces in preallocated buffers so a step allocates nothing (nodes
/// running an `ExternalFunction` excepted). Generic so tests can run the same nodes in
/// Float64 against finite differences.
final class Network<Scalar: TensorScalar> {
    /// Weights and biases in state-dict order.
    let parameters: [Parameter<Scalar>]
    let inputWidth: Int
    /// Output width of each layer (model entry).
    let widths: [Int]
    var outputWidth: Int { widths.last ?? inputWidth }
    /// What the nodes of a pass share.
    let pass: NetworkPass<Scalar>
    /// The model's layers: evaluation and prediction replay this.
    let layers = Tape<any ReplayableNode>()
    /// Penalties, layers and the loss: a training step replays this and walks it back.
    let objective = Tape<any ReplayableNode>()
    /// Every node, for sizing workspaces.
    private let nodes: [any NetworkNode<Scalar>]
    /// Dense layers, to write the parameters back into the model.
    private let denseNodes: [DenseNode<Scalar>]
    /// The loss the objective tape ends with (nil: a network for prediction only).
    let loss: Loss?

    // Workspace, sized for `capacity` rows.
    private(set) var capacity = 0
    private var gradients = (ScalarBuffer<Scalar>(count: 0), ScalarBuffer<Scalar>(count: 0))
    /// Rows fed to `forward`: `[capacity, inputWidth]`.
    private(set) var input = ScalarBuffer<Scalar>(count: 0)
    /// Targets of those rows.
    private(set) var targets = ScalarBuffer<Scalar>(count: 0)

    /// Matrix products, split over this many threads (results never depend on it).
    var gemm: BlockedGemm {
        get { pass.gemm }
        set { pass.gemm = newValue }
    }

    /// Records the tapes for a built `model`. `penalty` is the run-wide weight penalty
    /// (replaced per layer by the layer's own); `loss` ends the objective tape, with class
    /// index targets when `classTargets` (for a loss written as a function).
    init(model: Model, penalty: Penalty = .none, loss: Loss? = nil, classTargets: Bool = false) {
        precondition(model.isBuilt, "the network needs a built model")
        let pass = NetworkPass<Scalar>()
        var parameters: [Parameter<Scalar>] = []
        var penaltyNodes: [any NetworkNode<Scalar>] = []
        var layerNodes: [any NetworkNode<Scalar>] = []
        var denseNodes: [DenseNode<Scalar>] = []
        var widths: [Int] = []
        var width = model.inputWidth ?? 0
        /// Nodes before the first dense layer pass no gradient on (nothing upstream learns).
        var upstreamLearns = false

        func penalize(_ parameter: Parameter<Scalar>, with penalty: Penalty) {
            let c = penalty.coefficients
            if c != PenaltyCoefficients() { penaltyNodes.append(WeightPenaltyNode(parameter, c, pass: pass)) }
            for f in penalty.functions { penaltyNodes.append(FunctionPenaltyNode(parameter, f, pass: pass)) }
        }

        for (position, layer) in model.layers.enumerated() {
            let inputs = width
            switch layer {
            case .dense(let d):
                guard let w = d.weight else { preconditionFailure("built model without weights") }
                let module = model.moduleIndex(ofLayer: position)
                let weightPenalty = d.penalty ?? penalty
                let weight = Parameter<Scalar>(
                    name: "\(module).weight", shape: w.shape, isWeight: true, values: w.scalars,
                    proximalL1: weightPenalty.coefficients.proximalL1)
                parameters.append(weight)
                penalize(weight, with: weightPenalty)
                var bias: Parameter<Scalar>?
                if let b = d.bias {
                    let biasPenalty = d.biasPenalty ?? .none
                    let p = Parameter<Scalar>(
                        name: "\(module).bias", shape: b.shape, isWeight: false, values: b.scalars,
                        proximalL1: biasPenalty.coefficients.proximalL1)
                    parameters.append(p)
                    penalize(p, with: biasPenalty)
                    bias = p
                }
                let dense = DenseNode(
                    position: position, inputs: inputs, units: d.units,
                    activation: d.activationFunction == nil ? d.activation : .identity,
                    weight: weight, bias: bias, passesGradient: upstreamLearns, pass: pass)
                denseNodes.append(dense)
                layerNodes.append(dense)
                upstreamLearns = true
                width = d.units
                if let f = d.activationFunction {
                    layerNodes.append(FunctionActivationNode(f, width: width, passesGradient: true, pass: pass))
                }
                if let activity = d.activityPenalty {
                    let c = activity.coefficients
                    if c != PenaltyCoefficients() { layerNodes.append(ActivityPenaltyNode(c, width: width, pass: pass)) }
                    for f in activity.functions { layerNodes.append(FunctionActivityPenaltyNode(f, width: width, pass: pass)) }
                }
            case .activation(let a):
                layerNodes.append(ActivationNode(a, width: width, passesGradient: upstreamLearns, pass: pass))
            case .dropout(let p):
                layerNodes.append(DropoutNode(Scalar(p), width: width, passesGradient: upstreamLearns, pass: pass))
            case .function(let f):
                layerNodes.append(FunctionActivationNode(f, width: width, passesGradient: upstreamLearns, pass: pass))
            }
            widths.append(width)
        }
        for node in layerNodes { layers.record(node) }
        // Penalties first: their pullbacks then run last, adding to the gradients the
        // layers have written.
        for node in penaltyNodes + layerNodes { objective.record(node) }
        var nodes = penaltyNodes + layerNodes
        if let loss {
            let node: any NetworkNode<Scalar> = if let formula = loss.formula {
                LossNode(formula, width: width, pass: pass)
            } else if case .function(let f) = loss {
                FunctionLossNode(f, width: width, classTargets: classTargets, pass: pass)
            } else {
                preconditionFailure("a loss is built in or a function")
            }
            objective.record(node)
            nodes.append(node)
        }
        self.pass = pass
        self.parameters = parameters
        self.widths = widths
        self.nodes = nodes
        self.denseNodes = denseNodes
        self.loss = loss
        inputWidth = model.inputWidth ?? 0
    }

    /// Makes the workspace hold at least `rows` rows (allocates only when it grows).
    func reserve(rows: Int) {
        guard rows > capacity else { return }
        capacity = rows
        let widest = ([inputWidth] + widths).max() ?? inputWidth
        gradients = (ScalarBuffer(count: rows * widest), ScalarBuffer(count: rows * widest))
        input = ScalarBuffer(count: rows * inputWidth)
        targets = ScalarBuffer(count: rows)
        for node in nodes { node.reserve(rows: rows) }
    }

    /// Runs the layers on the first `rows` rows of `input` (evaluation mode); returns the
    /// output rows.
    func forward(rows: Int) throws(ModelError) -> UnsafeMutablePointer<Scalar> {
        start(rows: rows, training: false, differentiating: false)
        try run { try layers.forward() }
        return pass.x
    }

    /// One training step's differentiation: replays the objective tape on the first `rows`
    /// rows of `input` against `targets` (dropout masks drawn from `dropout` when
    /// `training`), then walks it back, filling every parameter's gradient of
    /// `data loss + activity penalties + weight and bias penalties`.
    @_specialize(where Scalar == Float)
    func objectiveGradient(rows: Int, training: Bool, dropout: inout RandomGenerator) throws(ModelError) -> Objective {
        precondition(loss != nil, "a network for prediction has no objective")
        start(rows: rows, training: training, differentiating: true)
        pass.dropout = dropout
        defer { dropout = pass.dropout }
        try run { try objective.forward() }
        try run { try objective.backward() }
        return Objective(data: pass.dataLoss, activity: pass.activity, penalty: pass.penalty)
    }

    /// The objective's parts at the current parameters.
    struct Objective {
        var data: Double
        var activity: Double
        /// Weight and bias penalties (proximal L1 included: it is part of the objective).
        var penalty: Double
        var total: Double { data + activity + penalty }
    }

    private func start(rows: Int, training: Bool, differentiating: Bool) {
        precondition(rows <= capacity, "reserve the workspace first")
        pass.rows = rows
        pass.training = training
        pass.differentiating = differentiating
        pass.x = input.base
        pass.targets = targets.base
        pass.g = gradients.0.base
        pass.spare = gradients.1.base
        pass.dataLoss = 0
        pass.activity = 0
        pass.penalty = 0
    }

    /// Runs tape work, passing `ModelError`s on and wrapping anything else a node lets out.
    private func run(_ body: () throws -> Void) throws(ModelError) {
        do { try body() } catch let error as ModelError { throw error } catch {
            throw .invalidConfiguration("the training engine failed: \(error)")
        }
    }

    /// The mean loss of `rows` output rows against `targets` (no gradient), for evaluation.
    func lossValue(
        _ loss: Loss, outputs: UnsafeMutablePointer<Scalar>, targets: UnsafeMutablePointer<Scalar>, rows: Int, classTargets: Bool
    ) throws(ModelError) -> Double {
        switch loss {
        case .function(let f):
            let (output, _) = try FunctionLossNode<Scalar>.call(
                f, outputs: outputs, targets: targets, rows: rows, width: outputWidth, classTargets: classTargets, differentiate: false)
            return output
        case .mse, .mae, .huber, .crossEntropy, .bce:
            return loss.formula?.evaluate(outputs: outputs, targets: targets, rows: rows, width: outputWidth, gradient: nil) ?? .nan
        }
    }

    /// Copies the current parameters back into `model`.
    func write(to model: inout Model) {
        for d in denseNodes {
            model.setParameters(
                position: d.position,
                weight: Tensor(shape: d.weight.shape, scalars: d.weight.value.array(as: Float.self)),
                bias: d.bias.map { Tensor(shape: $0.shape, scalars: $0.value.array(as: Float.self)) })
        }
    }
}

/// `sign(x)` with `sign(0) = 0`.
@inline(__always)
func sign<Scalar: TensorScalar>(_ x: Scalar) -> Scalar { x > 0 ? 1 : (x < 0 ? -1 : 0) }
