/// A primitive on the tape: an operation with a hand-written backward rule, as a
/// `torch.autograd.Function`. `pullback()` reads the gradient of the node's output and
/// adds the gradients of its inputs (where they are kept is the node's business: tensors
/// for `Variable`, preallocated buffers for the training engine's fused layers).
public protocol TapeNode: AnyObject {
    func pullback() throws
}

/// A node whose forward rule can run again on new inputs (the training engine's layers,
/// losses and penalties): recorded once, replayed every step.
public protocol ReplayableNode: TapeNode {
    func forward() throws
}

/// Reverse-mode differentiation: an ordered record of nodes, every node after the nodes
/// that produce its inputs. `backward()` walks it in reverse, so each node sees the full
/// gradient of its output before it passes gradients on. This is the one differentiation
/// algorithm of the runtime: `Variable.backward()` records its graph here, and the
/// training `Network` records its layers once and replays them every step.
public final class Tape<Node> {
    public private(set) var nodes: [Node] = []

    public init() {}

    /// Appends `node`; it must come after the nodes that produce its inputs.
    public func record(_ node: Node) { nodes.append(node) }
}

extension Tape where Node == any TapeNode {
    /// Runs every node's backward rule, last node first.
    public func backward() throws {
        for node in nodes.reversed() { try node.pullback() }
    }
}

extension Tape where Node == any ReplayableNode {
    /// Runs every node's forward rule, in order.
    public func forward() throws {
        for node in nodes { try node.forward() }
    }

    /// Runs every node's backward rule, last node first.
    public func backward() throws {
        for node in nodes.reversed() { try node.pullback() }
    }
}
