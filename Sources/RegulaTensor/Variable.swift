/// Whether operations on `Variable`s record the graph for `backward()`.
///
/// The switch is a task-local value, not a global: `withoutGradients { … }` turns recording
/// off for the synchronous code it runs (and tasks it starts), on that task or thread only,
/// and restores it on the way out, so two interpreters or test cases never see each
/// other's mode.
public enum GradientMode {
    /// True unless inside `withoutGradients`.
    @TaskLocal public static var isEnabled: Bool = true

    /// Runs `body` without recording: results have no parents and no gradient (evaluation).
    public static func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
        try $isEnabled.withValue(false) { try body() }
    }
}

/// A node of the reverse-mode autograd graph: a value, the gradient accumulated into it
/// (leaves only), and — for results of operations — its parents and the rule that turns
/// the gradient of this node into gradients of the parents.
///
/// Leaves are created by the caller (`Variable(tensor, requiresGrad: true)` for parameters,
/// without it for data); every operation in `Variable+Primitives.swift` returns a new node.
/// `backward()` records the graph on a `Tape` (every node after its parents) and walks it
/// in reverse, adding into the `grad` of every leaf that requires one.
public final class Variable<Scalar: TensorScalar>: TapeNode {
    /// Turns this node's upstream gradient into one gradient per parent (nil: none needed).
    typealias BackwardRule = (Tensor<Scalar>) throws -> [Tensor<Scalar>?]

    /// The value computed by the forward pass (parameters are updated through it).
    public var value: Tensor<Scalar>
    /// ∂L/∂value accumulated by `backward()` (leaves only; nil until the first backward or
    /// after `zeroGrad()`).
    public var grad: Tensor<Scalar>?
    /// Whether gradients flow to this node.
    public let requiresGrad: Bool
    /// The operation that produced this node (`leaf` for leaves), for messages.
    public let operation: String
    private(set) var parents: [Variable]
    let backwardRule: BackwardRule?
    /// ∂L/∂value while `backward()` walks the tape (interior nodes hold it only then, so a
    /// second backward through shared nodes never sees stale values).
    var pendingGrad: Tensor<Scalar>?

    /// A leaf: a parameter when `requiresGrad`, otherwise a constant (data, targets).
    public init(_ value: Tensor<Scalar>, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.operation = "leaf"
        self.parents = []
        self.backwardRule = nil
    }

    /// The result of an operation. The graph is recorded only when gradients are enabled
    /// and some parent needs one; otherwise the result is a constant.
    init(_ value: Tensor<Scalar>, operation: String, parents: [Variable], rule: @escaping BackwardRule) {
        self.value = value
        self.operation = operation
        let records = GradientMode.isEnabled && parents.contains { $0.requiresGrad }
        self.requiresGrad = records
        self.parents = records ? parents : []
        self.backwardRule = records ? rule : nil
    }

    // Releasing a long chain would otherwise recurse once per node in Swift's deinit.
    deinit {
        var pending = parents
        parents = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.parents)
                node.parents = []
            }
        }
    }

    /// The value's shape.
    public var shape: [Int] { value.shape }
    /// Whether this node is a leaf (created by the caller, not by an operation).
    public var isLeaf: Bool { backwardRule == nil }

    /// Forgets the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// The same value as a constant, cut off from the graph.
    public func detached() -> Variable { Variable(value) }

    /// Back-propagates from this node: adds ∂self/∂leaf (times `seed`) into the `grad` of
    /// every leaf that requires a gradient. Without a seed, the node must hold one element
    /// (a loss) and the seed is 1.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(seed: Tensor<Scalar>? = nil) throws {
        let start: Tensor<Scalar>
        if let seed {
            guard seed.shape == shape else {
                throw TensorError.shapes("backward", shape, seed.shape, "the seed gradient must have the output's shape")
            }
            start = seed
        } else {
            guard value.count == 1 else {
                throw TensorError.invalid(
                    "backward", "needs a single-element output or a seed gradient, got shape \(value.shapeDescription)")
            }
            start = Tensor(repeating: 1, shape: shape)
        }
        guard requiresGrad else { return }

        // The graph, every node after its parents, recorded on a tape and walked in reverse.
        let tape = Tape<any TapeNode>()
        let order = topologicalOrder()
        for node in order { tape.record(node) }
        pendingGrad = start
        defer { for node in order { node.pendingGrad = nil } }
        try tape.backward()
    }

    /// Passes this node's gradient (gathered from its consumers during the walk) to its
    /// parents, or adds it to `grad` at a leaf.
    public func pullback() throws {
        guard let g = pendingGrad else { return }
        pendingGrad = nil
        guard let rule = backwardRule else {
            Variable.accumulate(g, into: &grad)
            return
        }
        for (parent, parentGrad) in zip(parents, try rule(g)) {
            guard parent.requiresGrad, let parentGrad else { continue }
            Variable.accumulate(parentGrad, into: &parent.pendingGrad)
        }
    }

    /// `total += g` (or `total = g` the first time).
    static func accumulate(_ g: Tensor<Scalar>, into total: inout Tensor<Scalar>?) {
        if total == nil {
            total = g
        } else {
            total?.addSameShape(g, scaledBy: 1)
        }
    }

    /// Nodes that need a gradient, every node after all of its parents, ending with `self`.
    /// Iterative depth-first search: graphs can be deeper than the call stack.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Variable, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for parent in node.parents where parent.requiresGrad && !visited.contains(ObjectIdentifier(parent)) {
                stack.append((parent, false))
            }
        }
        return order
    }
}

extension Variable: CustomStringConvertible {
    /// The producing operation and the value's preview.
    public var description: String {
        "Variable(\(operation), requiresGrad: \(requiresGrad)) " + value.description
    }
}
