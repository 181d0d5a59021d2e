/// One lexical scope: a block, a function activation or the global scope.
///
/// Rules (docs/builtins.md, "Names"): `let` bindings are immutable, `var` bindings
/// mutable; a declaration in an inner scope shadows the outer name until the block ends;
/// declaring a name again in the same scope replaces it (what the REPL needs). Closures
/// capture the scope they were created in, so they see later assignments to its variables.
final class Environment {
    struct Binding {
        var value: Value
        var isMutable: Bool
    }

    let parent: Environment?
    private(set) var bindings: [String: Binding] = [:]
    /// Declaration order, for `globalNames` and `:vars`.
    private(set) var order: [String] = []
    /// Set when a closure captures this scope: its bindings are then freed through
    /// `ScopeReleaser` (a chain of closures is as long as a script makes it). Unchecked:
    /// `deinit` reads it for every scope, and the runtime's exclusivity check cost a
    /// loop of short iterations 15%; it is only ever set, never accessed in overlap.
    @exclusivity(unchecked) var isCaptured = false

    init(parent: Environment?) {
        self.parent = parent
    }

    deinit {
        if isCaptured, !bindings.isEmpty { ScopeReleaser.release(&bindings) }
    }

    func declare(_ name: String, _ value: Value, isMutable: Bool) {
        if bindings.updateValue(Binding(value: value, isMutable: isMutable), forKey: name) == nil {
            order.append(name)
        }
    }

    func lookup(_ name: String) -> Value? {
        var scope: Environment? = self
        while let current = scope {
            if let binding = current.bindings[name] { return binding.value }
            scope = current.parent
        }
        return nil
    }

    /// The scope that binds `name`, innermost first.
    func owner(of name: String) -> Environment? {
        var scope: Environment? = self
        while let current = scope {
            if current.bindings[name] != nil { return current }
            scope = current.parent
        }
        return nil
    }

    func isMutable(_ name: String) -> Bool { bindings[name]?.isMutable ?? false }

    /// Mutates a binding of this scope in place (no copy of a list it holds).
    func modify<R>(_ name: String, _ body: (inout Value) throws -> R) rethrows -> R? {
        guard bindings[name] != nil else { return nil }
        return try body(&bindings[name, default: Binding(value: .none, isMutable: false)].value)
    }

    /// Every name visible from here, innermost first, each once.
    func visibleNames() -> [String] {
        var seen = Set<String>(), names: [String] = []
        var scope: Environment? = self
        while let current = scope {
            for name in current.order where current.bindings[name] != nil && seen.insert(name).inserted {
                names.append(name)
            }
            scope = current.parent
        }
        return names
    }

    func removeAll() {
        bindings = [:]
        order = []
    }
}
