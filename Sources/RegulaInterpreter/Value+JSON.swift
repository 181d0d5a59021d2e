import RegulaNN

extension Value {
    /// The value as JSON for a run record: numbers exactly (`JSONValue.number(_:)`), lists
    /// as arrays, records as objects in field order, `none` as null. Functions and host
    /// objects (tensors, models, ...) become their one-line summary: a record keeps what
    /// a script printed and trained, not whole objects. Containers nested deeper than
    /// `maxJSONDepth` are written as their printed form (a record file stays readable by
    /// the depth-limited parser).
    public var json: JSONValue { json(depth: 0) }

    static let maxJSONDepth = 40

    private func json(depth: Int) -> JSONValue {
        if depth >= Value.maxJSONDepth, asList != nil || asRecord != nil { return .string(repr) }
        switch self {
        case .none: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let text): return .string(text)
        case .list(let items): return .array(items.map { $0.json(depth: depth + 1) })
        case .record(let record): return .object(record.fields.map { ($0.name, $0.value.json(depth: depth + 1)) })
        case .function(let function): return .string("<function \(function.name)>")
        case .host(let object): return .string(object.summary)
        }
    }
}
