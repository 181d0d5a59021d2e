import Foundation
import RegulaSyntax

/// Output, checks, types and conversions: `print`, `assert`, `type`, `str`, `number`,
/// `format`, `len`.
enum CoreBuiltins {
    static var library: BuiltinLibrary {
        BuiltinLibrary(name: "core", builtins: [
            Builtin("print", [.variadic("values")], summary: "print(values...): writes the values separated by spaces, then a newline") { call in
                call.context.write(try call.joinedText(call.restValues, separator: " ", argument: nil) + "\n")
                return .none
            },
            Builtin("assert", [.required("condition"), .keyword("message", .string("assertion failed"))],
                    summary: "assert(condition, message): stops the script with `message` unless `condition` is true") { call in
                guard try call.bool("condition") else {
                    let message = try call.value("message").map { try call.text(of: $0, argument: "message") } ?? "assertion failed"
                    throw RuntimeError(message, id: "assertion-failed", span: call.span, source: call.context.currentSource)
                }
                return .none
            },
            Builtin("type", [.required("value")], summary: "type(x): the type's name, e.g. \"number\"") { call in
                .string(call.value("value")?.typeName ?? "none")
            },
            Builtin("str", [.required("value")], summary: "str(x): x as print shows it") { call in
                .string(try call.text(of: call.value("value") ?? .none, argument: "value"))
            },
            Builtin("number", [.required("value")], summary: "number(s): parses a string (\"1e-3\") into a number") { call in
                let value = call.value("value") ?? .none
                switch value {
                case .number: return value
                case .string(let text):
                    let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
                    guard let x = Double(trimmed) else {
                        throw call.error("value", "cannot read \(ValuePrinter.quoted(text)) as a number")
                    }
                    return .number(x)
                default: throw call.typeError("value", expected: "a string or a number", got: value)
                }
            },
            Builtin("format", [.required("value"), .required("spec")],
                    summary: "format(x, spec): x formatted like \"{x:spec}\", e.g. format(0.25, \".1%\")") { call in
                do {
                    return .string(try FormatSpec(parsing: try call.string("spec")).format(
                        call.value("value") ?? .none, limit: call.context.options.maxCollectionLength))
                } catch let failure as FormatSpec.Error {
                    throw call.error(failure.id == "too-large" ? "value" : "spec", failure.message, id: failure.id, hint: failure.hint)
                }
            },
            Builtin("len", [.required("value")], summary: "len(x): the number of elements of a list, characters of a string, fields of a record") { call in
                let value = call.value("value") ?? .none
                switch value {
                case .list(let items): return .number(Double(items.count))
                case .string(let text): return .number(Double(text.count))
                case .record(let record): return .number(Double(record.count))
                case .host(let object):
                    if let length = object.length { return .number(Double(length)) }
                default: break
                }
                throw call.typeError("value", expected: "a list, string or record", got: value)
            },
        ])
    }
}

