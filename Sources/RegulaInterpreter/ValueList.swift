/// The elements of a list value, and how deeply it nests (`Value.depth`), computed once
/// when the list is built (one pass over its elements, which already know theirs) so that
/// reading it costs nothing. A collection of its elements; `elements` is the array.
public struct ValueList: RandomAccessCollection, Equatable {
    public private(set) var elements: [Value]
    /// `Int32` keeps `Value` at 24 bytes (an `Int` would make it 32).
    private var storedDepth: Int32

    public init(_ elements: [Value]) {
        var deepest = 0
        for element in elements { deepest = Swift.max(deepest, element.depth) }
        self.init(elements, depth: deepest + 1)
    }

    private init(_ elements: [Value], depth: Int) {
        self.elements = elements
        storedDepth = Int32(clamping: depth)
    }

    /// See `Value.depth`.
    public var depth: Int { Int(storedDepth) }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }
    public subscript(position: Int) -> Value { elements[position] }

    /// Mutates an element in place (so a list inside it is not copied). The depth only
    /// grows here: finding the new deepest element after a shallower one replaced it would
    /// cost a pass over the list per assignment.
    mutating func modify<R>(_ position: Int, _ body: (inout Value) throws -> R) rethrows -> R {
        defer { storedDepth = Swift.max(storedDepth, Int32(clamping: elements[position].depth + 1)) }
        return try body(&elements[position])
    }

    /// The elements of both, in order.
    static func + (lhs: ValueList, rhs: ValueList) -> ValueList {
        ValueList(lhs.elements + rhs.elements, depth: Swift.max(lhs.depth, rhs.depth))
    }

    public static func == (lhs: ValueList, rhs: ValueList) -> Bool {
        lhs.elements == rhs.elements
    }
}
