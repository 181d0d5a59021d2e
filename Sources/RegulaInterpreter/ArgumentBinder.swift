import RegulaSyntax
import RegulaSuggestion

/// A call argument after evaluation.
public struct EvaluatedArgument {
    public var label: String?
    public var labelSpan: Span?
    public var value: Value
    /// The argument expression's span.
    public var span: Span

    public init(label: String? = nil, labelSpan: Span? = nil, value: Value, span: Span) {
        self.label = label
        self.labelSpan = labelSpan
        self.value = value
        self.span = span
    }
}

/// A parameter as the binder sees it (user functions and builtins alike).
struct ParameterShape {
    var name: String
    var hasDefault: Bool
    var isVariadic: Bool
}

/// Matches call arguments to parameters, one set of rules and messages for user
/// functions and builtins: positional arguments fill parameters in order (a variadic one
/// takes the rest), then each keyword argument fills the parameter of that name.
enum ArgumentBinder {
    struct Bound {
        /// One slot per parameter: nil when not given. A variadic parameter's slot is nil;
        /// its arguments are in `rest`.
        var slots: [EvaluatedArgument?]
        var rest: [EvaluatedArgument]
    }

    static func bind(_ function: String, _ parameters: [ParameterShape], _ arguments: [EvaluatedArgument],
                     callSpan: Span) throws -> Bound {
        var slots = [EvaluatedArgument?](repeating: nil, count: parameters.count)
        var rest: [EvaluatedArgument] = []
        let variadicIndex = parameters.firstIndex(where: \.isVariadic)
        let positionalLimit = variadicIndex ?? parameters.count
        var position = 0
        var sawKeyword = false
        for argument in arguments {
            guard let label = argument.label else {
                if sawKeyword {
                    throw RuntimeError(RuntimeMessages.positionalAfterKeyword(function), id: "argument-error", span: argument.span)
                }
                if position < positionalLimit {
                    slots[position] = argument
                    position += 1
                } else if variadicIndex != nil {
                    rest.append(argument)
                } else {
                    throw RuntimeError(
                        RuntimeMessages.tooManyArguments(function, max: parameters.count, got: arguments.filter { $0.label == nil }.count),
                        id: "argument-error", span: argument.span)
                }
                continue
            }
            sawKeyword = true
            let labelSpan = argument.labelSpan ?? argument.span
            guard let index = parameters.firstIndex(where: { $0.name == label && !$0.isVariadic }) else {
                let names = parameters.filter { !$0.isVariadic }.map(\.name)
                throw RuntimeError(
                    RuntimeMessages.unknownArgument(function, label), id: "unknown-argument", span: labelSpan,
                    hint: Suggestion.closest(to: label, among: names).map(RuntimeMessages.didYouMean) ?? RuntimeMessages.parameterList(names))
            }
            guard slots[index] == nil else {
                throw RuntimeError(RuntimeMessages.duplicateArgument(function, label), id: "argument-error", span: labelSpan)
            }
            slots[index] = argument
        }
        for (index, parameter) in parameters.enumerated()
        where slots[index] == nil && !parameter.hasDefault && !parameter.isVariadic {
            throw RuntimeError(
                RuntimeMessages.missingArgument(function, parameter.name), id: "argument-error", span: callSpan,
                hint: RuntimeMessages.signatureHint(function, parameters))
        }
        return Bound(slots: slots, rest: rest)
    }
}
