/// A builtin's signature and one-line documentation, read from its table entry: what
/// the REPL's `:help NAME` prints and what docs/builtins.md must show (a test checks it).
public struct BuiltinDocumentation: Equatable, Sendable {
    public let name: String
    /// The call as the table declares it, e.g. `l1(lam, proximal: false)`: required
    /// parameters by name, `name: default` for defaulted ones, `name:` for optional ones,
    /// `name...` for the variadic one.
    public let signature: String
    /// The summary written in the table, e.g. `l1(λ, proximal: false): λ·Σ|w| ...`.
    public let summary: String

    init(_ builtin: Builtin) {
        name = builtin.name
        let parameters = builtin.parameters.map { parameter -> String in
            switch parameter.kind {
            case .required: return parameter.name
            case .defaulted(let value): return "\(parameter.name): \(value.repr)"
            case .optional: return "\(parameter.name):"
            case .variadic: return "\(parameter.name)..."
            }
        }
        signature = "\(builtin.name)(\(parameters.joined(separator: ", ")))"
        summary = builtin.summary
    }

    /// The signature as the summary writes it (`l1(λ, proximal: false)`, the form
    /// docs/builtins.md uses), or nil when the summary does not start with one.
    public var writtenSignature: String? {
        guard summary.hasPrefix(name + "("), let end = summary.range(of: "): ") else { return nil }
        return String(summary[..<end.lowerBound]) + ")"
    }

    /// The summary without its written signature: what the builtin does.
    public var description: String {
        guard let end = summary.range(of: "): "), writtenSignature != nil else { return summary }
        return String(summary[end.upperBound...])
    }

    /// What `:help` and the docs' index show under the signature: the summary without its
    /// written signature when that is the table's, else the whole summary (its signature
    /// may name the parameters as the math does: `l1(λ)` for `l1(lam)`).
    public var details: String {
        writtenSignature == signature ? description : summary
    }

    /// Every builtin of the standard libraries, by name (a later library's builtin of the
    /// same name replaces an earlier one's, as when an interpreter loads them).
    public static func standardLibrary() -> [BuiltinDocumentation] {
        var byName: [String: BuiltinDocumentation] = [:]
        for library in StandardLibrary.libraries() {
            for builtin in library.builtins { byName[builtin.name] = BuiltinDocumentation(builtin) }
        }
        return byName.values.sorted { $0.name < $1.name }
    }
}
