import RegulaSyntax

/// Assignment: `x = v`, `xs[i] = v`, `r.f = v` and chains of them (`r.items[0].w = v`).
/// Lists and records are values: the chain's root must be a `var`, and the new value is
/// written into that variable's own copy (other variables holding the old list keep it).
/// Host objects are references: `m.field = v` on a `let m` holding one is allowed.
extension Evaluator {
    enum PathStep {
        case index(Value, Span)
        case field(String, Span)
    }

    func assign(_ target: Expr, _ value: Value, in env: Environment) throws {
        var path: [PathStep] = []
        var node = target
        // Walk from the target to its root, evaluating index expressions (outermost last).
        while true {
            switch node.kind {
            case .identifier(let name):
                // Each step is a list or record (or host object) the value goes into.
                try checkDepth(value.depth + path.count, at: target.span)
                try store(name, rootSpan: node.span, path: path.reversed(), value, in: env)
                return
            case .index(let base, let index):
                path.append(.index(try evaluate(index, in: env), index.span))
                node = base
            case .field(let base, let name, let nameSpan):
                path.append(.field(name, nameSpan))
                node = base
            default:
                throw error(RuntimeMessages.invalidAssignmentTarget, id: "invalid-assignment", at: node.span)
            }
        }
    }

    private func store(_ name: String, rootSpan: Span, path: [PathStep], _ value: Value, in env: Environment) throws {
        guard let owner = env.owner(of: name) else { throw undefinedName(name, at: rootSpan, in: env) }
        if owner === builtinScope {
            throw error(RuntimeMessages.assignToBuiltin(name), id: "assign-to-constant", at: rootSpan,
                        hint: RuntimeMessages.shadowBuiltinHint(name))
        }
        if let isolation, isolation.outerScopes.contains(ObjectIdentifier(owner)) {
            throw error(RuntimeMessages.isolatedAssignment(name), id: "pmap-side-effect", at: rootSpan,
                        hint: "return what the item computes and combine the results after pmap")
        }
        // A host object (a model, a tensor) is a reference: writing one of its fields does
        // not change the binding, so a `let` holding it is fine.
        let writesIntoHost: Bool = {
            guard !path.isEmpty, case .host = owner.lookup(name) else { return false }
            return true
        }()
        guard owner.isMutable(name) || writesIntoHost else {
            throw error(RuntimeMessages.assignToConstant(name), id: "assign-to-constant", at: rootSpan,
                        hint: RuntimeMessages.useVarHint(name))
        }
        try owner.modify(name) { root in try write(value, into: &root, path[...]) }
    }

    private func write(_ value: Value, into target: inout Value, _ path: ArraySlice<PathStep>) throws {
        guard let step = path.first else {
            target = value
            return
        }
        let rest = path.dropFirst()
        switch (target, step) {
        case (.list(var items), .index(let key, let span)):
            let i = try position(key, count: items.count, kind: "list", at: span)
            target = .none  // let `items` be the only reference, so the write is in place
            defer { target = .list(items) }
            try items.modify(i) { try write(value, into: &$0, rest) }
            if items.count > options.maxCollectionLength {
                throw RuntimeError(RuntimeMessages.tooLong("list", options.maxCollectionLength), id: "too-large", span: span)
            }
        case (.record(var record), .field(let name, let span)):
            target = .none
            defer { target = .record(record) }
            try writeField(name, span: span, value, into: &record, rest)
        case (.record(var record), .index(let key, let span)):
            guard case .string(let name) = key else {
                throw error(RuntimeMessages.recordKey(key), id: "type-error", at: span)
            }
            target = .none
            defer { target = .record(record) }
            try writeField(name, span: span, value, into: &record, rest)
        case (.host(let object), .field(let name, let span)):
            var inner: Value
            if rest.isEmpty {
                inner = value
            } else {
                guard let current = try located(span, { try object.field(named: name) }) else {
                    throw missingField(name, in: target, at: span)
                }
                inner = current
                try write(value, into: &inner, rest)
                // A host object inside a host object is a reference: already updated.
                if case .host = inner { return }
            }
            guard try located(span, { try object.setField(named: name, to: inner) }) else {
                throw error(RuntimeMessages.readOnlyField(target, name), id: "invalid-assignment", at: span)
            }
        case (_, .index(_, let span)), (_, .field(_, let span)):
            throw error(RuntimeMessages.notAssignable(target), id: "invalid-assignment", at: span)
        }
    }

    /// Assigning a field that does not exist adds it (records are built up this way).
    private func writeField(_ name: String, span: Span, _ value: Value, into record: inout Record,
                            _ rest: ArraySlice<PathStep>) throws {
        if rest.isEmpty {
            record[name] = value
            return
        }
        let found: Void? = try record.modify(name) { field in try write(value, into: &field, rest) }
        if found == nil { throw missingField(name, in: .record(record), at: span) }
    }
}
