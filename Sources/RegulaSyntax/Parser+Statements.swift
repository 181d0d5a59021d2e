import RegulaSuggestion

/// Statements, blocks and statement-level error recovery.
extension Parser {
    // program = { statement terminator } end-of-input ;
    func parseProgram() -> [Stmt] {
        parseLines(until: nil) { try self.parseStatement() }
    }

    /// Parses items one per line (or `;`-separated) until `terminator` (or end of input
    /// at top level), recovering from an error at the next statement boundary.
    func parseLines<T>(until terminator: TokenKind?, _ item: () throws -> T) -> [T] {
        var items: [T] = []
        while !stopped {
            while check(.newline) || check(.semicolon) { advance() }
            if check(.endOfInput) { break }
            if let terminator, check(terminator) { break }
            let start = index
            do {
                items.append(try item())
                try expectStatementEnd()
            } catch {
                if stopped { break }
                synchronize(from: start)
                if index == start { advance() }
            }
        }
        return items
    }

    // terminator = newline | ";" | (before "}") | end-of-input ;
    func expectStatementEnd() throws {
        switch current.kind {
        case .newline, .semicolon, .endOfInput, .rightBrace: return
        default: throw failure(expected: Messages.endOfStatement)
        }
    }

    /// Skips the rest of a broken statement that began at token `start`: up to the next
    /// newline or `;` once the brackets opened in the statement are closed, or up to a
    /// `}` closing the enclosing block. A new line that starts a statement keyword, or that
    /// is not indented past the broken statement, also ends it: an unclosed bracket must
    /// not swallow the rest of the file.
    func synchronize(from start: Int) {
        var balance = 0
        for position in start..<min(index, tokens.count) {
            balance += bracketDelta(tokens[position].kind)
        }
        let startColumn = columnOffset(of: token(at: start).span.start)
        if index > start, token(at: index - 1).kind == .newline, startsNewStatement(current, column: startColumn) { return }
        while true {
            let token = self.token(at: index)
            switch token.kind {
            case .endOfInput: return
            case .semicolon where balance <= 0, .rightBrace where balance <= 0: return
            case .newline:
                if balance <= 0 || startsNewStatement(self.token(at: index + 1), column: startColumn) { return }
            default:
                balance += bracketDelta(token.kind)
            }
            if index < tokens.count - 1 { index += 1 } else { return }
        }
    }

    func bracketDelta(_ kind: TokenKind) -> Int {
        switch kind {
        case .leftParen, .leftBracket, .leftBrace: return 1
        case .rightParen, .rightBracket, .rightBrace: return -1
        default: return 0
        }
    }

    /// Whether a token at the start of a line looks like the next statement: a statement
    /// keyword, or anything but a closing bracket not indented past `column`.
    func startsNewStatement(_ token: Token, column: Int) -> Bool {
        switch token.kind {
        case .keyword(.let), .keyword(.var), .keyword(.fn), .keyword(.if), .keyword(.while), .keyword(.for),
             .keyword(.return), .keyword(.import), .keyword(.param), .keyword(.break), .keyword(.continue):
            return true
        case .rightParen, .rightBracket, .rightBrace, .endOfInput:
            return false
        default:
            return columnOffset(of: token.span.start) <= column
        }
    }

    /// Bytes from the start of the line to `offset`.
    func columnOffset(of offset: Int) -> Int {
        offset - (source.lineStarts[safe: source.lineIndex(of: offset)] ?? 0)
    }

    // statement = binding | function-declaration | if-statement | while-statement
    //           | for-statement | "break" | "continue" | return-statement | import-statement
    //           | param-statement | setting-statement | model-statement | simple-statement ;
    func parseStatement() throws -> Stmt {
        let token = current
        switch token.kind {
        case .keyword(.let), .keyword(.var): return try parseBinding()
        case .keyword(.fn) where next.kind == .identifier: return try parseFunctionDeclaration()
        case .keyword(.if): return try parseIfStatement()
        case .keyword(.while): return try parseWhileStatement()
        case .keyword(.for): return try parseForStatement()
        case .keyword(.break):
            advance()
            return Stmt(.breakLoop, token.span)
        case .keyword(.continue):
            advance()
            return Stmt(.continueLoop, token.span)
        case .keyword(.return): return try parseReturnStatement()
        case .keyword(.import): return try parseImportStatement()
        case .keyword(.param): return try parseParamStatement()
        case .keyword(.else):
            throw fail(Messages.elseWithoutIf, token.span, hint: Messages.hintElse)
        case .identifier where isSettingStart(): return try parseSettingStatement()
        case .identifier where isModelStart(): return try parseModelStatement()
        default: return try parseSimpleStatement()
        }
    }

    // binding = ( "let" | "var" ) name "=" expression ;
    func parseBinding() throws -> Stmt {
        let keyword = advance()
        let (name, value) = try parseNameEqualsExpression()
        let isMutable = keyword.kind == .keyword(.var)
        return Stmt(.binding(name: name.text, nameSpan: name.span, value: value, isMutable: isMutable), keyword.span.merged(with: value.span))
    }

    /// `name = expression`, the tail of `binding` and `param-statement`; a line break may
    /// follow the `=`.
    func parseNameEqualsExpression() throws -> (name: Token, value: Expr) {
        let name = try expect(.identifier, Messages.aName)
        try expect(.equal, Messages.equalAfterName)
        skipNewlines()
        return (name, try parseExpression())
    }

    // simple-statement = expression [ "=" expression ] ;
    func parseSimpleStatement() throws -> Stmt {
        let expression = try parseExpression()
        if check(.equal) {
            let equal = advance()
            if let what = assignmentProblem(expression) {
                throw fail(Messages.invalidAssignmentTarget(what), expression.span, label: nil, related: [related(equal.span, Messages.labelAssignment)])
            }
            skipNewlines()
            let value = try parseExpression()
            return Stmt(.assignment(target: expression, value: value), expression.span.merged(with: value.span))
        }
        // `optimzer adam()` is a misspelled statement word; `print "hi"` a call without parentheses.
        if case .identifier(let word) = expression.kind, startsArgument(current) {
            if let suggestion = Suggestion.closest(to: word, among: Parser.statementWords) {
                throw fail(Messages.unknownStatement(word), expression.span, hint: Messages.hintDidYouMean(suggestion))
            }
            if [.identifier, .number, .string].contains(current.kind) {
                throw failure(expected: Messages.endOfStatement, hint: Messages.hintCall(word))
            }
        }
        return Stmt(.expression(expression), expression.span)
    }

    /// Every word that can start a statement, for "did you mean" on a misspelling.
    static let statementWords: [String] =
        ["let", "var", "fn", "if", "while", "for", "break", "continue", "return", "import", "param"]
        + ContextualKeyword.allCases.map(\.rawValue)

    /// Nil when `target` can be assigned to; otherwise what it is, for the message.
    func assignmentProblem(_ target: Expr) -> String? {
        switch target.kind {
        case .identifier, .index, .field: return nil
        case .call: return Messages.kindCall
        case .number, .string, .bool, .none: return Messages.kindLiteral
        case .list: return Messages.kindList
        case .record: return Messages.kindRecord
        case .binary, .unary: return Messages.kindOperator
        case .function: return Messages.kindFunction
        }
    }

    // block = "{" { statement terminator } "}" ;
    func parseBlock(expected what: String) throws -> Block {
        guard check(.leftBrace) else {
            let failure = failure(expected: what)
            if check(.newline) {
                // The header is complete and only the `{` is missing: skip the body
                // (reporting its own errors) and its `}` rather than flag that `}` too.
                _ = withNewlines(ignored: false) { parseLines(until: .rightBrace) { try self.parseStatement() } }
                _ = match(.rightBrace)
            }
            throw failure
        }
        return try nested {
            let open = advance()
            return try withNewlines(ignored: false, opener: open) {
                let statements = parseLines(until: .rightBrace) { try self.parseStatement() }
                let close = current
                try expectClosing(.rightBrace, opener: open)
                return Block(statements: statements, span: open.span.merged(with: close.span))
            }
        }
    }

    // if-statement = "if" expression block { "else" "if" expression block } [ "else" block ] ;
    func parseIfStatement() throws -> Stmt {
        let start = advance()
        var branches: [ConditionalBranch] = []
        var elseBody: Block?
        var end = start.span
        while true {
            let condition = try parseExpression()
            let body = try parseConditionBody(of: "if")
            branches.append(ConditionalBranch(condition: condition, body: body))
            end = body.span
            // `else` may start the next line: `}\nelse {`.
            guard peekPastNewlines().kind == .keyword(.else) else { break }
            skipNewlines()
            advance()
            if match(.keyword(.if)) { continue }
            let otherwise = try parseBlock(expected: Messages.braceAfterElse)
            elseBody = otherwise
            end = otherwise.span
            break
        }
        return Stmt(.ifChain(branches: branches, elseBody: elseBody), start.span.merged(with: end))
    }

    /// A loop or `if` body; `if x = 1 {` gets the "use ==" hint.
    func parseConditionBody(of keyword: String) throws -> Block {
        if check(.equal) {
            throw fail(Messages.expected(Messages.braceAfterCondition(keyword), found: "'='"), current.span, hint: Messages.hintCompare)
        }
        return try parseBlock(expected: Messages.braceAfterCondition(keyword))
    }

    // while-statement = "while" expression block ;
    func parseWhileStatement() throws -> Stmt {
        let start = advance()
        let condition = try parseExpression()
        let body = try parseConditionBody(of: "while")
        return Stmt(.whileLoop(condition: condition, body: body), start.span.merged(with: body.span))
    }

    // for-statement = "for" name [ "," name ] "in" expression block ;
    func parseForStatement() throws -> Stmt {
        let start = advance()
        let first = try expect(.identifier, Messages.loopVariable)
        var second: Token?
        if match(.comma) {
            skipNewlines()
            second = try expect(.identifier, Messages.loopVariable)
        }
        try expect(.keyword(.in), Messages.inAfterLoopVariable)
        let iterable = try parseExpression()
        let body = try parseBlock(expected: Messages.braceAfterFor)
        return Stmt(.forLoop(name: first.text, nameSpan: first.span, valueName: second?.text, valueNameSpan: second?.span, iterable: iterable, body: body), start.span.merged(with: body.span))
    }

    // return-statement = "return" [ expression ] ;
    func parseReturnStatement() throws -> Stmt {
        let start = advance()
        switch current.kind {
        case .newline, .semicolon, .rightBrace, .endOfInput:
            return Stmt(.returnValue(nil), start.span)
        default:
            let value = try parseExpression()
            return Stmt(.returnValue(value), start.span.merged(with: value.span))
        }
    }

    // function-declaration = "fn" name parameters block ;
    func parseFunctionDeclaration() throws -> Stmt {
        let start = advance()
        let name = advance()
        let function = try parseFunctionLiteral(name: name.text)
        return Stmt(.function(name: name.text, nameSpan: name.span, function), start.span.merged(with: function.body.span))
    }
}
