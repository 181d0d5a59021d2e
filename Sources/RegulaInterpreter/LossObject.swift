import RegulaNN
import RegulaSuggestion

/// A data loss: `mse`, `mae`, `huber(delta)`, `cross_entropy`, `bce` (values, set with the
/// `loss` statement or `train(..., loss:)`). A string names one too: `loss "mse"`.
final class LossObject: HostObject {
    let loss: Loss

    init(_ loss: Loss) { self.loss = loss }

    static func value(_ loss: Loss) -> Value { .host(LossObject(loss)) }

    var typeName: String { "loss" }
    var description: String { loss.description }

    func isEqual(to other: any HostObject) -> Bool { (other as? LossObject)?.loss == loss }

    /// The named losses that need no argument.
    static let named: [(String, Loss)] = [("mse", .mse), ("mae", .mae), ("cross_entropy", .crossEntropy), ("bce", .bce)]

    static let expected = "a loss (mse, mae, huber(delta), cross_entropy or bce)"

    /// A loss from a loss value or a loss's name; nil for anything else. An unknown name
    /// throws with "did you mean".
    static func loss(from value: Value) throws -> Loss? {
        if let object = value.host(as: LossObject.self) { return object.loss }
        guard case .string(let name) = value else { return nil }
        if let found = named.first(where: { $0.0 == name }) { return found.1 }
        if name == "huber" { return .huber(delta: 1) }
        let names = named.map(\.0) + ["huber"]
        throw RuntimeError("unknown loss '\(name)'\(Suggestion.phrase(Suggestion.closest(to: name, among: names)))",
                           id: "unknown-name", hint: "the losses are " + names.joined(separator: ", "))
    }
}
