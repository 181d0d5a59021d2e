import RegulaNN
import Synchronization

/// A model declared by a `model` block: a reference, so `train(m, ...)` and `reset(m)`
/// change what every name bound to it sees. Prints as a layer table.
final class ModelObject: HostObject {
    let name: String
    var model: Model
    /// While `train` runs on this model: where (`train at run.reg:12:1`). A function that
    /// training calls (a script penalty, loss or activation) may read the model — as it was
    /// when training started — but not change it: the change would be overwritten.
    private(set) var trainedAt: String?
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

    /// Runs `body` (the engine's training loop) on a copy of the model and stores the copy
    /// back afterwards, also when `body` throws. Working on a copy keeps `model` readable
    /// from the script functions the loop calls: an in-place `inout` access would make any
    /// read of it an exclusivity violation.
    func training<Result>(at site: String, _ body: (inout Model) throws -> Result) throws -> Result {
        var copy = model
        trainedAt = site
        defer {
            model = copy
            trainedAt = nil
        }
        return try body(&copy)
    }

    /// Why this model cannot be changed now (it is training), nil when it can.
    var changeRefusal: String? {
        trainedAt.map { "model \(name) is being trained (by \($0)): a function that training calls cannot change it" }
    }

    /// The hint beside `changeRefusal`.
    var changeRefusalHint: String { "change a copy instead: let c = clone(\(name))" }

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
