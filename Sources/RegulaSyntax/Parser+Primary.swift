/// Primary expressions: literals, names, parentheses, lists, records, strings with
/// interpolation and anonymous functions.
extension Parser {
    // primary = number | string | "true" | "false" | "none" | name | "(" expression ")"
    //         | list | record | function-literal ;
    func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return Expr(.number(token.number), token.span)
        case .string:
            advance()
            return Expr(.string(try parseStringSegments(token)), token.span)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(token.kind == .keyword(.true)), token.span)
        case .keyword(.none):
            advance()
            return Expr(.none, token.span)
        case .identifier:
            advance()
            return Expr(.identifier(token.text), token.span)
        case .leftParen:
            let open = advance()
            return try withNewlines(ignored: true, opener: open) {
                let inner = try parseExpression()
                try expectClosing(.rightParen, opener: open, expected: check(.rightParen) ? nil : Messages.closingBracket("("))
                var grouped = inner
                grouped.span = open.span.merged(with: self.token(at: self.index - 1).span)
                return grouped
            }
        case .leftBracket: return try parseList()
        case .leftBrace: return try parseRecord()
        case .keyword(.fn):
            let start = advance()
            let function = try parseFunctionLiteral(name: nil)
            return Expr(.function(function), start.span.merged(with: function.body.span))
        case .dot where next.kind == .number:
            throw failure(expected: Messages.anExpression, hint: Messages.hintLeadingDot)
        default:
            throw failure(expected: Messages.anExpression)
        }
    }

    // list = "[" [ expression { "," expression } [ "," ] ] "]" ;
    func parseList() throws -> Expr {
        let open = advance()
        return try withNewlines(ignored: true, opener: open) {
            var elements: [Expr] = []
            while !check(.rightBracket) {
                elements.append(try parseExpression())
                if !match(.comma) { break }
            }
            let end = current.span
            try expectClosing(.rightBracket, opener: open, expected: check(.rightBracket) ? nil : Messages.commaOrClose("]", after: "list element"))
            return Expr(.list(elements), open.span.merged(with: end))
        }
    }

    // record = "{" [ field { "," field } [ "," ] ] "}" ;
    // field = name ":" expression ;
    func parseRecord() throws -> Expr {
        let open = advance()
        return try withNewlines(ignored: true, opener: open) {
            var fields: [RecordField] = []
            var seen: [String: Span] = [:]
            while !check(.rightBrace) {
                let name = try expect(.identifier, Messages.aRecordField, notes: [Messages.noteRecordBraces])
                try expect(.colon, Messages.colonAfterField, notes: [Messages.noteRecordBraces])
                let value = try parseExpression()
                if let first = seen[name.text] {
                    throw fail(Messages.duplicateField(name.text), name.span, related: [related(first, Messages.labelFirstGiven)])
                }
                seen[name.text] = name.span
                fields.append(RecordField(name: name.text, nameSpan: name.span, value: value))
                if !match(.comma) { break }
            }
            let end = current.span
            try expectClosing(.rightBrace, opener: open, expected: check(.rightBrace) ? nil : Messages.commaOrClose("}", after: "field"))
            return Expr(.record(fields), open.span.merged(with: end))
        }
    }

    // function-literal = "fn" parameters block ;
    /// Also the rest of a `function-declaration`; the `fn` (and name) are already consumed.
    func parseFunctionLiteral(name: String?) throws -> FunctionLiteral {
        let parameters = try parseParameters(after: Messages.parenAfterFn(name))
        let body = try parseBlock(expected: Messages.functionBody(name))
        return FunctionLiteral(name: name, parameters: parameters, body: body)
    }

    // parameters = "(" [ parameter { "," parameter } [ "," ] ] ")" ;
    // parameter = name [ ":" expression ] ;
    func parseParameters(after what: String) throws -> [Parameter] {
        let open = try expect(.leftParen, what)
        return try withNewlines(ignored: true, opener: open) {
            var parameters: [Parameter] = []
            var seen: [String: Span] = [:]
            var firstDefault: Span?
            while !check(.rightParen) {
                let name = try expect(.identifier, Messages.aParameter)
                var defaultValue: Expr?
                if match(.colon) {
                    defaultValue = try parseExpression()
                    firstDefault = firstDefault ?? name.span
                } else if let firstDefault {
                    throw fail(Messages.positionalParameterAfterDefault, name.span, related: [related(firstDefault, Messages.labelDefaultGiven)])
                }
                if let first = seen[name.text] {
                    throw fail(Messages.duplicateParameter(name.text), name.span, related: [related(first, Messages.labelFirstGiven)])
                }
                seen[name.text] = name.span
                parameters.append(Parameter(name: name.text, span: name.span, defaultValue: defaultValue))
                if !match(.comma) { break }
            }
            try expectClosing(.rightParen, opener: open, expected: check(.rightParen) ? nil : Messages.commaOrClose(")", after: "parameter"))
            return parameters
        }
    }

    // string = '"' { text | interpolation } '"' ;
    /// The embedded expressions keep their positions in the file.
    func parseStringSegments(_ token: Token) throws -> [StringPart] {
        var parts: [StringPart] = []
        for segment in token.segments {
            switch segment {
            case .text(let text, _):
                parts.append(.text(text))
            case .interpolation(let embedded, let span, let format, let formatSpan):
                let expression = try parseInterpolation(embedded, span: span)
                parts.append(.interpolation(expression, format: format, formatSpan: formatSpan))
            }
        }
        return parts
    }

    // interpolation = "{" expression [ ":" format ] "}" ;
    /// Parses an embedded expression from its own token list (ending in `.interpolationEnd`).
    func parseInterpolation(_ embedded: [Token], span: Span) throws -> Expr {
        let saved = (tokens, index)
        tokens = embedded
        index = 0
        defer { (tokens, index) = saved }
        return try nested {
            try withNewlines(ignored: true) {
                if check(.interpolationEnd) {
                    throw fail(Messages.emptyInterpolation, span)
                }
                let expression = try parseExpression()
                if !check(.interpolationEnd) {
                    throw failure(expected: Messages.interpolationEnd)
                }
                return expression
            }
        }
    }
}
