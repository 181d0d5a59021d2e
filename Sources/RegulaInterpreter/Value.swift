/// A Regula value. Lists and records have value semantics (they are Swift arrays inside:
/// assigning copies, and copies share storage until one of them is written). Functions and
/// host objects (tensors, models, ...) are references.
public enum Value {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    case record(Record)
    case function(Function)
    /// An object owned by the host or by a library (tensor, dataset, model, penalty, ...).
    case host(any HostObject)

    /// The name `type(x)` returns and error messages use: `number`, `list`, `tensor`...
    public var typeName: String {
        switch self {
        case .none: return "none"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .function: return "function"
        case .host(let object): return object.typeName
        }
    }

    public var asNumber: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    public var asBool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var asString: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var asList: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    public var asRecord: Record? {
        if case .record(let record) = self { return record }
        return nil
    }

    /// The host object, if it is one of type `T`.
    public func host<T: HostObject>(as type: T.Type) -> T? {
        if case .host(let object) = self { return object as? T }
        return nil
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The number as an `Int` if it is integral and fits.
    public var asInteger: Int? {
        guard case .number(let x) = self else { return nil }
        return Value.integer(x)
    }

    static func integer(_ x: Double) -> Int? {
        guard x.isFinite, x.rounded() == x, abs(x) < 9.0e15 else { return nil }
        return Int(x)
    }
}

extension Value: Equatable {
    /// `==` of the language: deep on lists and records (records compare their fields
    /// regardless of order), identity on functions and host objects unless the host object
    /// says otherwise, `false` across types.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.record(let a), .record(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.host(let a), .host(let b)): return a.isEqual(to: b)
        default: return false
        }
    }
}

extension Value: CustomStringConvertible {
    /// How `print` shows a value: strings raw, everything else as `repr`.
    public var description: String {
        if case .string(let s) = self { return s }
        return repr
    }

    /// How a value shows inside a container and in the REPL echo: strings quoted.
    public var repr: String {
        var out = ""
        ValuePrinter.write(self, into: &out, depth: 0)
        return out
    }
}
