import RegulaNN
import Synchronization

/// A model declared by a `model` block: a reference, so `train(m, ...)` and `reset(m)`
/// change what every name bound to it sees. Prints as a layer table.
final class ModelObject: HostObject {
    let name: String
    var model: Model
    /// Increasing in creation order within the process: `pmap` tells the models an item
    /// made from older ones.
    let serial: UInt64

    init(name: String, model: Model) {
        self.name = name
        self.model = model
        serial = Self.made.add(1, ordering: .relaxed).newValue
    }

    private static let made = Atomic<UInt64>(0)

    /// The serial the next model will get.
    static var nextSerial: UInt64 { made.load(ordering: .relaxed) + 1 }

    var typeName: String { "model" }
    var description: String { ModelTable(model: model, name: name).text }
    var summary: String { "model \(name) (\(RuntimeMessages.counted(model.layers.count, "layer")), \(parameterText))" }

    private var parameterText: String {
        guard model.isBuilt else { return "? parameters" }  // until the input width is known
        return RuntimeMessages.counted(model.parameterCount, "parameter", shown: ModelTable.grouped(model.parameterCount))
    }

    var fieldNames: [String] { ["name", "layers", "inputs", "outputs", "parameters"] }

    func field(named field: String) throws -> Value? {
        switch field {
        case "name": return .string(name)
        case "layers": return .list(model.layers.indices.map { .host(LayerObject(model: self, position: $0)) })
        case "inputs": return model.inputWidth.map { Value.number(Double($0)) } ?? Value.none
        case "outputs": return model.outputWidth.map { Value.number(Double($0)) } ?? Value.none
        case "parameters": return model.isBuilt ? .number(Double(model.parameterCount)) : Value.none
        default: return nil
        }
    }

    /// `m.layers[i].weight = t` ends by writing `layers` back: accept this model's own views.
    func setField(named field: String, to value: Value) throws -> Bool {
        guard field == "layers", case .list(let items) = value else { return false }
        let unchanged = items.count == model.layers.count && items.enumerated().allSatisfy { position, item in
            guard let owner = item.host(as: LayerObject.self)?.owner else { return false }
            return owner.model === self && owner.position == position
        }
        guard unchanged else {
            throw RuntimeError("the layers of a model cannot be replaced; declare a new model block instead", id: "invalid-assignment")
        }
        return true
    }

    var length: Int? { model.layers.count }

    static let expected = "a model"
}
