/// A record `{a: 1, b: "x"}`: named fields kept in the order they were written.
/// Records are small, so a linear search beats hashing here.
public struct Record: Equatable {
    public private(set) var names: [String]
    public private(set) var values: [Value]
    /// See `Value.depth` (and `ValueList` on why `Int32`).
    private var storedDepth: Int32 = 1

    public init() {
        names = []
        values = []
    }

    /// Fields in order; a repeated name keeps its first position and its last value.
    public init(_ fields: [(String, Value)]) {
        self.init()
        for (name, value) in fields { self[name] = value }
    }

    public var count: Int { names.count }

    /// See `Value.depth`. Like a list's, it only grows when a field is replaced.
    public var depth: Int { Int(storedDepth) }

    private mutating func noteDepth(of value: Value) {
        storedDepth = max(storedDepth, Int32(clamping: value.depth + 1))
    }

    public var fields: [(name: String, value: Value)] {
        Array(zip(names, values)).map { (name: $0.0, value: $0.1) }
    }

    /// The field's value; setting a new name appends it.
    public subscript(name: String) -> Value? {
        get {
            guard let i = names.firstIndex(of: name) else { return nil }
            return values[i]
        }
        set {
            if let newValue { noteDepth(of: newValue) }
            if let i = names.firstIndex(of: name) {
                if let newValue {
                    values[i] = newValue
                } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Mutates a field's value in place (so a list inside a record is not copied).
    mutating func modify<R>(_ name: String, _ body: (inout Value) throws -> R) rethrows -> R? {
        guard let i = names.firstIndex(of: name) else { return nil }
        defer { noteDepth(of: values[i]) }
        return try body(&values[i])
    }

    /// Field order does not matter for equality (see `Value.==`).
    public static func == (lhs: Record, rhs: Record) -> Bool {
        Value.record(lhs) == Value.record(rhs)
    }
}
