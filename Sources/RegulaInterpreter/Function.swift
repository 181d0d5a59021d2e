import RegulaSyntax

/// A function value: a user closure (`fn`) or a builtin. Compared by identity.
public final class Function: CustomStringConvertible {
    enum Kind {
        case user(FunctionLiteral, closure: Environment, source: SourceFile)
        case builtin(Builtin)
    }

    let kind: Kind
    /// The declared name, or `fn` for an anonymous function.
    public let name: String

    init(_ kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public var isBuiltin: Bool {
        if case .builtin = kind { return true }
        return false
    }

    /// The names of its parameters, in order (how an anonymous function prints as a penalty).
    var parameterNames: [String] {
        switch kind {
        case .user(let literal, _, _): return literal.parameters.map(\.name)
        case .builtin(let builtin): return builtin.parameters.map(\.name)
        }
    }

    public var description: String {
        switch kind {
        case .user: return name == "fn" ? "<fn>" : "<fn \(name)>"
        case .builtin: return "<builtin \(name)>"
        }
    }
}
