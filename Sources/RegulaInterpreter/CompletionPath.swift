import Foundation

/// The text before a completed `.` read as a side-effect-free path: a name, then `.field`s
/// and `[integer]` indexes (`net.layers[0]`, `r.history[-1].loss`). Anything else (a call,
/// an index that is not a literal integer) is no path: completing must not run code.
struct CompletionPath {
    enum Step: Equatable {
        case field(String)
        case index(Int)
    }

    let name: String
    let steps: [Step]

    init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard let name = CompletionPath.takeName(&rest) else { return nil }
        var steps: [Step] = []
        while let first = rest.first {
            rest = rest.dropFirst()
            switch first {
            case ".":
                guard let field = CompletionPath.takeName(&rest) else { return nil }
                steps.append(.field(field))
            case "[":
                let digits = rest.prefix { $0 == "-" || $0.isASCII && $0.isNumber || $0 == " " }
                rest = rest.dropFirst(digits.count)
                guard rest.first == "]", let index = Int(digits.filter { $0 != " " }) else { return nil }
                rest = rest.dropFirst()
                steps.append(.index(index))
            default:
                return nil
            }
        }
        self.name = name
        self.steps = steps
    }

    /// A name at the start of `text` (letters of any script, digits, `_`), removed from it.
    private static func takeName(_ text: inout Substring) -> String? {
        let name = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0.unicodeScalars.allSatisfy(\.properties.isXIDContinue) }
        guard let first = name.first, !first.isNumber else { return nil }
        text = text.dropFirst(name.count)
        return String(name)
    }
}
