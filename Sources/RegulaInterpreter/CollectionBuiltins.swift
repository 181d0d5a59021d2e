/// Lists and records: `range`, `map`, `filter`, `reduce`, `sorted`, `reversed`,
/// `contains`, `append`, `join`, `keys`, `values`. They return new values (lists and
/// records are values: nothing is changed in place).
enum CollectionBuiltins {
    static var library: BuiltinLibrary {
        BuiltinLibrary(name: "collections", builtins: [
            Builtin("range", [.required("start"), .optional("stop"), .keyword("step", .number(1))],
                    summary: "range(n) or range(a, b, step): 0, 1, ..., n-1; or from a up to (not including) b by step") { call in
                var start = try call.integer("start"), stop = 0
                if call.isGiven("stop") {
                    stop = try call.integer("stop")
                } else {
                    (start, stop) = (0, start)
                }
                let step = try call.integer("step")
                guard step != 0 else { throw call.error("step", "argument 'step' must not be 0") }
                let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
                guard count <= call.context.options.maxCollectionLength else {
                    throw call.error(nil, RuntimeMessages.tooLong("list", call.context.options.maxCollectionLength), id: "too-large")
                }
                return .list(stride(from: start, to: stop, by: step).map { .number(Double($0)) })
            },
Builtin("pmap", [.required("list"), .required("function")],
                    summary: "pmap(xs, f): [f(x) for each x], the items divided among MPI processes; f returns numbers, strings, bools, lists, records or tensors",
                    body: ParallelMap.run),
                        Builtin("map", [.required("list"), .required("function")], summary: "map(xs, f): [f(x) for each x]") { call in
                let function = try call.function("function")
                return .list(try call.list("list").map { try call.call(function, [$0]) })
            },
            Builtin("filter", [.required("list"), .required("function")], summary: "filter(xs, f): the xs for which f(x) is true") { call in
                let function = try call.function("function")
                return .list(try call.list("list").filter { item in
                    let keep = try call.call(function, [item])
                    guard case .bool(let b) = keep else {
                        throw call.error("function", "the function must return true or false, got \(RuntimeMessages.describe(keep))", id: "type-error")
                    }
                    return b
                })
            },
            Builtin("reduce", [.required("list"), .required("function"), .optional("initial")],
                    summary: "reduce(xs, f, initial:): f(...f(f(initial, x0), x1)..., xn)") { call in
                var items = try call.list("list")[...]
                let function = try call.function("function")
                guard var accumulator = call.value("initial") ?? items.popFirst() else {
                    throw call.error("list", "cannot reduce an empty list without 'initial'")
                }
                for item in items { accumulator = try call.call(function, [accumulator, item]) }
                return accumulator
            },
            Builtin("sorted", [.required("list"), .optional("key"), .keyword("reverse", .bool(false))],
                    summary: "sorted(xs, key:, reverse: false): numbers or strings in increasing order") { call in
                let items = try call.list("list")
                let keys = try call.value("key").map { key in try items.map { try call.call(key, [$0]) } } ?? items
                let order = try sortOrder(keys, call)
                let sorted = order.map { items[$0] }
                return .list(try call.bool("reverse") ? sorted.reversed() : sorted)
            },
            Builtin("reversed", [.required("list")], summary: "reversed(xs): the list backwards") { call in
                .list(try call.list("list").reversed())
            },
            Builtin("contains", [.required("collection"), .required("value")],
                    summary: "contains(xs, x): x is an element of a list, a substring of a string, a field name of a record") { call in
                let value = call.value("value") ?? .none
                switch call.value("collection") ?? .none {
                case .list(let items): return .bool(items.contains(value))
                case .string(let text):
                    guard case .string(let part) = value else { throw call.typeError("value", expected: "a string", got: value) }
                    return .bool(text.contains(part))
                case .record(let record):
                    guard case .string(let name) = value else { throw call.typeError("value", expected: "a string", got: value) }
                    return .bool(record[name] != nil)
                case let other: throw call.typeError("collection", expected: "a list, string or record", got: other)
                }
            },
            Builtin("append", [.required("list"), .required("value")], summary: "append(xs, x): a new list, xs followed by x") { call in
                var items = try call.list("list")
                guard items.count < call.context.options.maxCollectionLength else {
                    throw call.error(nil, RuntimeMessages.tooLong("list", call.context.options.maxCollectionLength), id: "too-large")
                }
                items.append(call.value("value") ?? .none)
                return .list(items)
            },
            Builtin("join", [.required("list"), .keyword("separator", .string(""))],
                    summary: "join(xs, separator: \"\"): the elements as text, separated") { call in
                .string(try call.joinedText(try call.list("list"), separator: try call.string("separator"), argument: "list"))
            },
            Builtin("keys", [.required("record")], summary: "keys(r): the field names of a record, in order") { call in
                .list(try call.record("record").names.map { .string($0) })
            },
            Builtin("values", [.required("record")], summary: "values(r): the field values of a record, in order") { call in
                .list(try call.record("record").values)
            },
        ])
    }

    /// The stable increasing order of numbers or of strings (mixing them is an error).
    private static func sortOrder(_ keys: [Value], _ call: BuiltinCall) throws -> [Int] {
        let numbers = keys.compactMap(\.asNumber)
        if numbers.count == keys.count {
            // NaN sorts last, so the order is total and the sort well defined.
            let less = { (a: Double, b: Double) in !a.isNaN && (b.isNaN || a < b) }
            return keys.indices.sorted { less(numbers[$0], numbers[$1]) || (!less(numbers[$1], numbers[$0]) && $0 < $1) }
        }
        let strings = keys.compactMap(\.asString)
        if strings.count == keys.count {
            return keys.indices.sorted { strings[$0] < strings[$1] || (strings[$0] == strings[$1] && $0 < $1) }
        }
        let bad = keys.first { $0.asNumber == nil && $0.asString == nil } ?? keys.first ?? .none
        throw call.error("list", "can only sort numbers or strings (all of one kind), got \(RuntimeMessages.describe(bad))", id: "type-error")
    }
}
