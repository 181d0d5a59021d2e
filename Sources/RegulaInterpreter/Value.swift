/// A Regula value. Lists and records have value semantics (they are Swift arrays inside:
/// assigning copies, and copies share storage until one of them is written). Functions and
/// host objects (tensors, models, ...) are references.
///
/// Lists and records nest at most `Value.maxDepth` levels: freeing a value recurses once
/// per level, and the evaluator refuses to build anything deeper (see `depth`).
public enum Value {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    case list(ValueList)
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
        if case .list(let items) = self { return items.elements }
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

    /// A list of these elements (its depth is computed from theirs).
    public static func list(_ elements: [Value]) -> Value {
        .list(ValueList(elements))
    }

    /// The deepest a list or record may nest: a list holding a list holding ... is this
    /// many levels at most. Freeing a value recurses once per level on the thread that
    /// frees it, which may be a host's ordinary 8 MB thread (a value handed to the host,
    /// the REPL's `:reset`): about 40 000 levels fit there in a debug build, 57 000 in a
    /// release build. (Printing stops at 64 levels, JSON at 40, and `==` recurses at most
    /// 256.) A fixed limit, far above any real data. The evaluator enforces it; a host
    /// that builds values itself (`.list(...)`, `setGlobal`) should keep to it too.
    public static let maxDepth = 10_000

    /// How many levels of lists and records the value nests: 0 for a scalar, function or
    /// host object, 1 for a list or record of those (empty too), 1 + the deepest element
    /// otherwise. O(1): containers keep it, computed when they are built. After an element
    /// is replaced in place it may overstate the depth (it never understates it).
    public var depth: Int {
        switch self {
        case .list(let items): return items.depth
        case .record(let record): return record.depth
        default: return 0
        }
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
        equal(lhs, rhs, depth: 0)
    }

    /// Recursive for the first levels, the fast way; deeper, the rest of the comparison
    /// keeps its own stack (`equalWithoutRecursion`): a host may compare values on an
    /// ordinary thread, which the deepest values allowed would overflow in a debug build.
    private static func equal(_ lhs: Value, _ rhs: Value, depth: Int) -> Bool {
        guard depth < 256 else { return equalWithoutRecursion(lhs, rhs) }
        switch (lhs, rhs) {
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for i in a.indices where !equal(a[i], b[i], depth: depth + 1) { return false }
            return true
        case (.record(let a), .record(let b)):
            guard a.count == b.count else { return false }
            for (name, value) in zip(a.names, a.values) {
                guard let other = b[name], equal(value, other, depth: depth + 1) else { return false }
            }
            return true
        default:
            return leavesEqual(lhs, rhs)
        }
    }

    /// Everything but lists and records.
    private static func leavesEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.host(let a), .host(let b)): return a.isEqual(to: b)
        default: return false
        }
    }

    /// Two lists or two records of the same length, equal up to element `next`.
    private enum PendingComparison {
        case lists(ValueList, ValueList, next: Int)
        case records(Record, Record, next: Int)
    }

    private static func equalWithoutRecursion(_ lhs: Value, _ rhs: Value) -> Bool {
        var pending: [PendingComparison] = []
        // Compares leaves; two lists (records) of the same length go on `pending`.
        func shallowEqual(_ lhs: Value, _ rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.list(let a), .list(let b)):
                guard a.count == b.count else { return false }
                pending.append(.lists(a, b, next: 0))
                return true
            case (.record(let a), .record(let b)):
                guard a.count == b.count else { return false }
                pending.append(.records(a, b, next: 0))
                return true
            default:
                return leavesEqual(lhs, rhs)
            }
        }
        guard shallowEqual(lhs, rhs) else { return false }
        while let top = pending.popLast() {
            switch top {
            case .lists(let a, let b, let i):
                guard i < a.count else { continue }
                pending.append(.lists(a, b, next: i + 1))
                guard shallowEqual(a[i], b[i]) else { return false }
            case .records(let a, let b, let i):
                guard i < a.count else { continue }
                guard let other = b[a.names[i]] else { return false }
                pending.append(.records(a, b, next: i + 1))
                guard shallowEqual(a.values[i], other) else { return false }
            }
        }
        return true
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
        try? ValuePrinter.write(self, into: &out, depth: 0, limit: .max)
        return out
    }

    /// `description`, or nil if it would be longer than `limit` UTF-8 bytes (found out
    /// while building it, so a huge value costs no more than the limit).
    func description(limit: Int) -> String? {
        if case .string(let s) = self { return s.utf8.count <= limit ? s : nil }
        return repr(limit: limit)
    }

    /// `repr`, or nil if it would be longer than `limit` UTF-8 bytes.
    func repr(limit: Int) -> String? {
        var out = ""
        do {
            try ValuePrinter.write(self, into: &out, depth: 0, limit: limit)
        } catch {
            return nil
        }
        return out
    }

    /// The start of `description`: its first `limit` UTF-8 bytes or a little more.
    func descriptionPrefix(_ limit: Int) -> String {
        if case .string(let s) = self { return s }
        var out = ""
        try? ValuePrinter.write(self, into: &out, depth: 0, limit: limit)
        return out
    }

    /// `repr`, or its start and "..." when longer than `length` characters.
    func clippedRepr(_ length: Int) -> String {
        var out = ""
        let complete = (try? ValuePrinter.write(self, into: &out, depth: 0, limit: length * 4)) != nil
        return complete && out.count <= length ? out : String(out.prefix(max(0, length - 3))) + "..."
    }
}
