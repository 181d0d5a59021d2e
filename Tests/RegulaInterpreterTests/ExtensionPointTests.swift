import RegulaInterpreter
import RegulaSyntax
import XCTest

/// The extension points the training library builds on, exercised by a toy library:
/// a host object with fields, operators and math delegation; a model factory; a setting
/// hook; per-session state.
final class ExtensionPointTests: XCTestCase {
    /// A toy "penalty": prints as `l1(0.1) + l2(0.2)`, adds with `+`, scales with `*`.
    final class Toy: HostObject {
        var terms: [(String, Double)]
        init(_ terms: [(String, Double)]) { self.terms = terms }
        var typeName: String { "toy" }
        var description: String { terms.map { "\($0.0)(\(Value.number($0.1)))" }.joined(separator: " + ") }
        var fieldNames: [String] { ["strength", "count"] }
        func field(named name: String) throws -> Value? {
            switch name {
            case "strength": return .number(terms.map(\.1).reduce(0, +))
            case "count": return .number(Double(terms.count))
            default: return nil
            }
        }
        func setField(named name: String, to value: Value) throws -> Bool {
            guard name == "strength", let x = value.asNumber else { return false }
            terms = terms.map { ($0.0, x) }
            return true
        }
        func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool) throws -> Value? {
            switch (op, other) {
            case (.add, .host(let object as Toy)): return .host(Toy(selfIsLeft ? terms + object.terms : object.terms + terms))
            case (.multiply, .number(let k)): return .host(Toy(terms.map { ($0.0, $0.1 * k) }))
            case (.matmul, _): throw RuntimeError("toys cannot be multiplied with @", id: "shape-error")
            default: return nil
            }
        }
        func applyBuiltin(_ name: String, _ call: BuiltinCall) throws -> Value? {
            name == "abs" ? .host(Toy(terms.map { ($0.0, Swift.abs($0.1)) })) : nil
        }
    }

    final class Counter { var models = 0 }

    static var library: BuiltinLibrary {
        BuiltinLibrary(
            name: "toy",
            builtins: [
                Builtin("l1", [.required("lam")]) { call in .host(Toy([("l1", try call.number("lam"))])) },
                Builtin("l2", [.required("lam")]) { call in .host(Toy([("l2", try call.number("lam"))])) },
                Builtin("strength", [.required("toy")]) { call in
                    let toy = try call.host("toy", as: Toy.self, expected: "a toy")
                    return .number(toy.terms.map(\.1).reduce(0, +))
                },
            ],
            modelFactory: { definition, context in
                let counter = context.state(Counter.self) { Counter() }
                counter.models += 1
                let labels = definition.arguments.map { $0.label ?? "_" }
                return .record(Record([
                    ("name", .string(definition.name)), ("layers", .list(definition.layers.map(\.value))),
                    ("arguments", .list(labels.map { .string($0) })), ("made", .number(Double(counter.models))),
                ]))
            },
            settingHook: { setting, value, context in
                if setting == .penalty, value.host(as: Toy.self) == nil, !value.isNone {
                    throw RuntimeError("penalty must be a toy, got \(value.typeName)", id: "type-error")
                }
                return value
            })
    }

    func run(_ source: String) -> (ok: Bool, output: String, messages: [String], interpreter: Interpreter) {
        let interpreter = Interpreter()
        interpreter.load(Self.library)
        var output = "", messages: [String] = []
        interpreter.onOutput = { output += $0 }
        interpreter.onDiagnostic = { messages.append($0.message) }
        let ok = interpreter.run(source: source, name: "<toy>")
        return (ok, output, messages, interpreter)
    }

    func testHostObjectPrintsAndComposes() {
        let r = run("let p = l1(0.1) + 2 * l2(0.2)\nprint(p)\nprint([p], type(p), p.count, strength(p))\nprint(abs(l1(-1)))")
        XCTAssertTrue(r.ok, r.messages.joined())
        XCTAssertEqual(r.output, "l1(0.1) + l2(0.4)\n[l1(0.1) + l2(0.4)] toy 2 0.5\nl1(1)\n")
    }

    func testHostObjectErrorsAreLocated() {
        let r = run("let p = l1(0.1)\nprint(p.strenght)")
        XCTAssertEqual(r.messages, ["toy has no field 'strenght'"])
        let s = run("let p = l1(0.1)\nlet q = p @ p")
        XCTAssertEqual(s.messages, ["toys cannot be multiplied with @"])
        let t = run("print(strength(3))")
        XCTAssertEqual(t.messages, ["strength: argument 'toy' must be a toy, got number 3"])
    }

    func testHostFieldAssignment() {
        let r = run("let p = l1(0.1)\np.strength = 3\nprint(p)")
        XCTAssertTrue(r.ok, r.messages.joined())
        XCTAssertEqual(r.output, "l1(3)\n")
        let s = run("let p = l1(0.1)\np.count = 3")
        XCTAssertEqual(s.messages, ["the field 'count' of a toy cannot be assigned"])
    }

    func testModelFactoryAndState() {
        let r = run("model a(inputs: 4) {\n  1\n  \"two\"\n}\nmodel b {\n  l1(1)\n}\nprint(a.layers, a.arguments, b.made)")
        XCTAssertTrue(r.ok, r.messages.joined())
        XCTAssertEqual(r.output, "[1, \"two\"] [\"inputs\"] 2\n")
    }

    func testSettingHookValidatesAndDefaultsAreStored() {
        let r = run("penalty l1(0.5)\nloss \"mse\"")
        XCTAssertTrue(r.ok)
        XCTAssertEqual(r.interpreter.experimentDefaults.penalty.map(\.description), "l1(0.5)")
        // The training library's hook runs first: it turns a loss's name into the loss.
        XCTAssertEqual(r.interpreter.experimentDefaults.loss.map(\.description), "mse")
        let s = run("penalty 3")
        XCTAssertEqual(s.messages, ["penalty must be a penalty (l1(λ), l2(λ), elastic_net(α, ρ), a function fn (w), their sums, or none), got number 3"])
    }
}
