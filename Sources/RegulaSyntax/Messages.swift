/// A diagnostic's stable id and its text.
public struct Message: Sendable, Equatable {
    public let id: String
    public let text: String
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// Every syntax message, in one voice: lower-case start, no trailing period, saying what
/// was expected and what was found. Ids are stable (tests and tools match on them).
public enum Messages {
    /// The id of "unexpected end of input": the REPL shows a continuation prompt for it.
    public static let unexpectedEndOfInputID = "unexpected-end-of-input"

    // MARK: lexer
    static func unexpectedCharacter(_ c: String) -> Message {
        Message(id: "unexpected-character", text: "unexpected character \(c)")
    }
    static func badNameStart(_ word: String, _ first: String) -> Message {
        Message(id: "invalid-name-start", text: "'\(word)' is not a valid name: a name cannot start with \(first)")
    }
    static func markStartsName(_ codePoint: String) -> Message {
        Message(id: "invalid-name-start", text: "a name cannot start with the combining mark \(codePoint)")
    }
    static let hintBadNameStart = "a name starts with a letter (any script: 'λ', 'café') or '_'; marks and digits may follow"
    static let hintSymbolInName = "names are letters (any script: 'λ', 'café'), digits and '_'; symbols and emoji may appear in strings and comments"
    static func invalidNumber(_ lexeme: String, _ problem: String) -> Message {
        Message(id: "invalid-number", text: "invalid number '\(lexeme)': \(problem)")
    }
    static let numberMissingDigits = "expected a digit"
    static let numberMissingExponent = "expected digits after the exponent"
    static let numberUnderscore = "'_' must stand between two digits"
    static let numberTooLarge = "too large for a 64-bit number"
    static func numberUnexpected(_ c: String) -> String { "unexpected '\(c)' in a number" }
    static let loneCarriageReturn = Message(
        id: "lone-carriage-return", text: "a line ends with a carriage return alone: lines must end with a line feed (LF or CRLF)")
    static let loneCarriageReturnHint = "the file has classic Mac OS line endings; convert them, e.g. tr '\\r' '\\n' < old.reg > new.reg"
    static let unterminatedString = Message(id: "unterminated-string", text: "unterminated string: expected '\"' before the end of the line")
    static func badEscape(_ text: String) -> Message {
        Message(id: "invalid-escape", text: "unknown escape sequence '\(text)'")
    }
    static let badUnicodeEscape = Message(id: "invalid-escape", text: "invalid unicode escape: expected '\\u{' and 1 to 6 hex digits naming a character, then '}'")
    static let unclosedInterpolation = Message(id: "unclosed-interpolation", text: "expected '}' to close the interpolation")
    static func interpolationTooDeep(_ limit: Int) -> Message {
        Message(id: "nesting-too-deep", text: "string interpolations nested more than \(limit) deep")
    }

    // MARK: parser
    static func unexpectedEndOfInput(expected: String) -> Message {
        Message(id: unexpectedEndOfInputID, text: "unexpected end of input: expected \(expected)")
    }
    static func expected(_ expected: String, found: String) -> Message {
        Message(id: "unexpected-token", text: "expected \(expected), found \(found)")
    }
    static func unclosed(_ open: String, found: String) -> Message {
        Message(id: "unclosed-bracket", text: "expected '\(closing(of: open))' to close '\(open)', found \(found)")
    }
    static func closing(of open: String) -> String {
        switch open {
        case "(": return ")"
        case "[": return "]"
        default: return "}"
        }
    }
    static func nestingTooDeep(_ limit: Int) -> Message {
        Message(id: "nesting-too-deep", text: "expressions and blocks nested more than \(limit) deep")
    }
    static func chainTooLong(_ limit: Int) -> Message {
        Message(id: "nesting-too-deep", text: "more than \(limit) operators, calls, fields or indexes chained in one expression")
    }
    static let positionalAfterKeyword = Message(id: "positional-after-keyword", text: "positional argument after a keyword argument")
    static func duplicateKeyword(_ name: String) -> Message {
        Message(id: "duplicate-argument", text: "keyword argument '\(name)' given twice")
    }
    static let positionalParameterAfterDefault = Message(id: "parameter-order", text: "parameter without a default after one with a default")
    static func duplicateParameter(_ name: String) -> Message {
        Message(id: "duplicate-parameter", text: "parameter '\(name)' declared twice")
    }
    static func duplicateField(_ name: String) -> Message {
        Message(id: "duplicate-field", text: "field '\(name)' given twice in a record")
    }
    static func invalidAssignmentTarget(_ what: String) -> Message {
        Message(id: "invalid-assignment-target", text: "cannot assign to \(what): expected a name, an index 'x[i]' or a field 'x.f'")
    }
    static let elseWithoutIf = Message(id: "else-without-if", text: "'else' without a matching 'if'")
    static let chainedComparison = Message(id: "chained-comparison", text: "comparisons cannot be chained")
    static func paramNotLiteral(found: String) -> Message {
        Message(id: "param-not-literal", text: "expected a literal value for the param (a number, string, true, false or none), found \(found)")
    }
    static let interpolatedImport = Message(id: "import-not-literal", text: "expected a plain string for the import path, found an interpolated string")
    static let emptyInterpolation = Message(id: "empty-interpolation", text: "expected an expression inside '{}', found '}'")

    // MARK: labels, hints, notes
    static let labelStringStarts = "string starts here"
    static let labelInterpolationStarts = "interpolation starts here"
    static let labelStringEnds = "the string ends here"
    static let labelLineEnds = "the line ends here"
    static let labelQuoteInInterpolation = "this quote starts a string inside the interpolation"
    static func labelUnclosed(_ open: String) -> String { "'\(open)' opened here" }
    static let labelKeywordArgument = "keyword argument given here"
    static let labelFirstGiven = "first given here"
    static let labelDefaultGiven = "parameter with a default here"
    static let hintNot = "use 'not' for negation and '!=' for 'not equal'"
    static let hintAnd = "use 'and' for logical and"
    static let hintOr = "use 'or' for logical or"
    static let hintPipe = "did you mean '|>'?"
    static let hintDoubleQuotes = "strings use double quotes: \"text\""
    static let hintStringLineBreak = "strings end on their line; write '\\n' for a line break"
    static let hintEscapes = "known escapes: \\n \\t \\r \\0 \\\\ \\\" \\{ \\} \\u{...}; write '{{' or '\\{' for a literal '{'"
    static let hintUnicodeEscape = "write a character by its hex code like '\\u{e9}'"
    static let hintCompare = "use '==' to compare; '=' assigns"
    static let hintKeywordsLast = "put positional arguments before keyword arguments"
    static let hintChainedComparison = "write 'a < b and b < c'"
    static let hintLeadingDot = "write numbers with a leading digit, like '0.5'"
    static let hintElse = "'else' must follow the '}' of an 'if' block"
    static func hintDidYouMean(_ name: String) -> String { "did you mean '\(name)'?" }
    static func hintCall(_ name: String) -> String { "to call '\(name)', put its arguments in parentheses: \(name)(...)" }
    static let noteRecordBraces = "a '{' in expression position starts a record like {a: 1}"
}

extension Messages {
    // Names of things the parser expects ("expected <this>, found ...").
    static let endOfExpression = "the end of the input after the expression"
    static let endOfStatement = "a newline or ';' after the statement"
    static let anExpression = "an expression"
    static let aName = "a name"
    static let aFieldName = "a field name after '.'"
    static let aParameter = "a parameter name"
    static let aString = "a string with the file path"
    static let loopVariable = "a loop variable name"
    static func braceAfterCondition(_ keyword: String) -> String { "'{' after the '\(keyword)' condition" }
    static func unknownStatement(_ word: String) -> Message {
        Message(id: "unknown-keyword", text: "expected a statement, found '\(word)' followed by an argument")
    }
}

extension Messages {
    static let aSetting = "a setting word"
    static func modelBrace(_ name: String) -> String { "'{' to start the layers of model '\(name)'" }
    static let equalAfterName = "'=' after the name"
    static let anInterpolatedString = "an interpolated string"
    static func closingBracket(_ open: String) -> String { "'\(closing(of: open))' to close '\(open)'" }
    static func commaOrClose(_ close: String, after what: String) -> String { "',' or '\(close)' after the \(what)" }
    static let aRecordField = "a field name like 'a: 1'"
    static let colonAfterField = "':' after the field name"
    static func parenAfterFn(_ name: String?) -> String { name.map { "'(' after 'fn \($0)'" } ?? "'(' after 'fn'" }
    static func functionBody(_ name: String?) -> String { "'{' to start the body of " + (name.map { "function '\($0)'" } ?? "the function") }
    static let interpolationEnd = "'}' or ':format' to end the interpolation"
    static let inAfterLoopVariable = "'in' after the loop variable"
    static let braceAfterElse = "'{' or 'if' after 'else'"
    static let braceAfterFor = "'{' to start the body of the 'for' loop"
    static let kindCall = "a call"
    static let kindLiteral = "a literal"
    static let kindList = "a list"
    static let kindRecord = "a record"
    static let kindOperator = "an operator expression"
    static let kindFunction = "a function"
    static let labelFirstComparison = "first comparison here"
    static let labelAssignment = "assignment here"
}
