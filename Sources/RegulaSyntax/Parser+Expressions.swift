/// Operator expressions: the precedence-climbing loop, prefix operators and postfix
/// chains (calls, indexing, fields).
extension Parser {
    // expression = binary(or) ;
    func parseExpression() throws -> Expr {
        try parseBinary(.or)
    }

    // binary(p) = prefix(p) { infix-operator(q >= p) binary(q or q+1) } ;
    // prefix(p) = ( "not" | "-" ) binary(operand level) | postfix ;
    func parseBinary(_ minimum: Precedence) throws -> Expr {
        try nested {
            var left: Expr
            if let (unary, operandLevel) = OperatorTable.prefix(current.kind) {
                let op = advance()
                skipNewlines()
                let operand = try parseBinary(operandLevel)
                left = Expr(.unary(unary, operand), op.span.merged(with: operand.span))
            } else {
                left = try parsePostfix()
            }
            var previousComparison: Token?
            let base = chainDepth
            defer { chainDepth = base }
            while true {
                // A line starting with `|>` continues the expression above it.
                if check(.newline), peekPastNewlines().kind == .pipe { skipNewlines() }
                guard let op = OperatorTable.infix[current.kind], op.precedence >= minimum else { break }
                let opToken = advance()
                if op.isComparison, let previous = previousComparison {
                    throw self.fail(Messages.chainedComparison, opToken.span, related: [related(previous.span, Messages.labelFirstComparison)], hint: Messages.hintChainedComparison)
                }
                skipNewlines()
                try chainLink()
                guard let binary = op.binary else {
                    left = makePipe(left, try parsePostfix())
                    continue
                }
                let right = try parseBinary(op.isRightAssociative ? op.precedence : op.precedence.tighter)
                left = Expr(.binary(binary, left, right), left.span.merged(with: right.span))
                previousComparison = op.isComparison ? opToken : nil
            }
            return left
        }
    }

    /// `x |> f(a)` is `f(x, a)`; `x |> f` is `f(x)`.
    func makePipe(_ value: Expr, _ function: Expr) -> Expr {
        let span = value.span.merged(with: function.span)
        let first = Argument(label: nil, labelSpan: nil, value: value)
        if case .call(let callee, let arguments, _) = function.kind {
            return Expr(.call(callee: callee, arguments: [first] + arguments, isPipe: true), span)
        }
        return Expr(.call(callee: function, arguments: [first], isPipe: true), span)
    }

    // postfix = primary { arguments | "[" expression "]" | "." name } ;
    func parsePostfix() throws -> Expr {
        var expression = try parsePrimary()
        let base = chainDepth
        defer { chainDepth = base }
        while true {
            if [.leftParen, .leftBracket, .dot].contains(current.kind) { try chainLink() }
            switch current.kind {
            case .leftParen:
                let (arguments, end) = try parseArguments()
                expression = Expr(.call(callee: expression, arguments: arguments, isPipe: false), expression.span.merged(with: end))
            case .leftBracket:
                let open = advance()
                let subscriptExpr = try withNewlines(ignored: true, opener: open) {
                    let value = try parseExpression()
                    try expectClosing(.rightBracket, opener: open, expected: check(.rightBracket) ? nil : Messages.closingBracket("["))
                    return value
                }
                expression = Expr(.index(expression, subscriptExpr), expression.span.merged(with: token(at: index - 1).span))
            case .dot:
                advance()
                let name = try expect(.identifier, Messages.aFieldName)
                expression = Expr(.field(expression, name: name.text, nameSpan: name.span), expression.span.merged(with: name.span))
            default:
                return expression
            }
        }
    }

    // arguments = "(" [ argument { "," argument } [ "," ] ] ")" ;
    // argument = [ name ":" ] expression ;
    func parseArguments() throws -> (arguments: [Argument], end: Span) {
        let open = advance()
        return try withNewlines(ignored: true, opener: open) {
            var arguments: [Argument] = []
            var firstKeyword: Span?
            var labels: [String: Span] = [:]
            while !check(.rightParen) {
                var label: Token?
                if current.kind == .identifier, next.kind == .colon {
                    label = advance()
                    advance()
                }
                let value = try parseExpression()
                if let label {
                    if let first = labels[label.text] {
                        throw fail(Messages.duplicateKeyword(label.text), label.span, related: [related(first, Messages.labelFirstGiven)])
                    }
                    labels[label.text] = label.span
                    firstKeyword = firstKeyword ?? label.span
                } else if let firstKeyword {
                    throw fail(Messages.positionalAfterKeyword, value.span, related: [related(firstKeyword, Messages.labelKeywordArgument)], hint: Messages.hintKeywordsLast)
                }
                arguments.append(Argument(label: label?.text, labelSpan: label?.span, value: value))
                if !match(.comma) { break }
            }
            let end = current.span
            try expectClosing(.rightParen, opener: open, expected: check(.rightParen) ? nil : Messages.commaOrClose(")", after: "argument"))
            return (arguments, end)
        }
    }
}
