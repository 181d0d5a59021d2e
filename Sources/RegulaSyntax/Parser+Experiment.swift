/// The experiment statements (`seed`, `loss`, `penalty`, `optimizer`, `model`) and the
/// file-level `import` and `param`.
extension Parser {
    /// A contextual word starts a setting statement only at the start of a statement and
    /// when an argument follows on the same line: a name, number, string, literal keyword,
    /// `fn` or `not`, or a `(`, `[`, `{` or `-` separated from the word by a space.
    /// So `loss mse` is a setting while `loss = 3`, `loss(x)` and `loss.x` are not.
    func isSettingStart() -> Bool {
        guard ExperimentSetting(rawValue: current.text) != nil else { return false }
        return startsArgument(next)
    }

    func startsArgument(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .number, .string: return true
        case .keyword(let keyword): return [.true, .false, .none, .fn, .not].contains(keyword)
        case .leftParen, .leftBracket, .leftBrace, .minus: return token.hasLeadingSpace
        default: return false
        }
    }

    /// `model NAME ...`: the word `model` followed by a name on the same line.
    func isModelStart() -> Bool {
        current.text == ContextualKeyword.model.rawValue && next.kind == .identifier
    }

    // setting-statement = ( "seed" | "loss" | "penalty" | "optimizer" ) expression ;
    func parseSettingStatement() throws -> Stmt {
        let word = advance()
        guard let setting = ExperimentSetting(rawValue: word.text) else {
            throw failure(expected: Messages.aSetting)
        }
        let value = try parseExpression()
        return Stmt(.setting(setting, value), word.span.merged(with: value.span))
    }

    // model-statement = "model" name [ arguments ] "{" { expression terminator } "}" ;
    func parseModelStatement() throws -> Stmt {
        let start = advance()
        let name = advance()
        var arguments: [Argument] = []
        if check(.leftParen) {
            arguments = try parseArguments().arguments
        }
        guard check(.leftBrace) else {
            throw failure(expected: Messages.modelBrace(name.text))
        }
        let open = advance()
        let layers: [Expr] = try nested {
            try withNewlines(ignored: false, opener: open) {
                let layers = parseLines(until: .rightBrace) { try self.parseExpression() }
                try expectClosing(.rightBrace, opener: open)
                return layers
            }
        }
        let end = token(at: index - 1).span
        return Stmt(.model(name: name.text, nameSpan: name.span, arguments: arguments, layers: layers), start.span.merged(with: end))
    }

    // import-statement = "import" string ;
    func parseImportStatement() throws -> Stmt {
        let start = advance()
        let path = try expect(.string, Messages.aString)
        guard let text = plainText(of: path) else {
            throw fail(Messages.interpolatedImport, path.span)
        }
        return Stmt(.importFile(path: text, pathSpan: path.span), start.span.merged(with: path.span))
    }

    /// The text of a string token without interpolations, or nil.
    func plainText(of token: Token) -> String? {
        var text = ""
        for segment in token.segments {
            guard case .text(let piece, _) = segment else { return nil }
            text += piece
        }
        return text
    }

    // param-statement = "param" name "=" literal ;
    // literal = [ "-" ] number | string | "true" | "false" | "none" | "[" [ literal { "," literal } ] "]" ;
    func parseParamStatement() throws -> Stmt {
        let start = advance()
        let (name, value) = try parseNameEqualsExpression()
        guard let literal = literalValue(value) else {
            let found = if case .string = value.kind { Messages.anInterpolatedString } else { Messages.anExpression }
            throw fail(Messages.paramNotLiteral(found: found), value.span)
        }
        return Stmt(.param(name: name.text, nameSpan: name.span, value: literal), start.span.merged(with: value.span))
    }

    /// The literal an expression spells (a negated number folded into the number), or nil.
    func literalValue(_ expression: Expr) -> Expr? {
        switch expression.kind {
        case .number, .bool, .none: return expression
        case .string(let parts):
            return parts.allSatisfy({ if case .text = $0 { true } else { false } }) ? expression : nil
        case .unary(.negate, let operand):
            if case .number(let value) = operand.kind { return Expr(.number(-value), expression.span) }
            return nil
        case .list(let elements):
            // A list of literals, e.g. `param lambdas = [1e-4, 1e-3]`.
            var literals: [Expr] = []
            for element in elements {
                guard let literal = literalValue(element) else { return nil }
                literals.append(literal)
            }
            return Expr(.list(literals), expression.span)
        default: return nil
        }
    }
}
