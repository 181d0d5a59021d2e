/// Binding strength, loosest first; the order of Python's operators, with `|>` between
/// comparisons and `+ -`.
enum Precedence: Int, Comparable {
    case or = 1, and, not, comparison, pipe, additive, multiplicative, negation, power

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The next tighter level (for the right operand of a left-associative operator).
    var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .power }
}

/// An infix operator: its level, associativity and AST operator (`nil` for `|>`, which
/// builds a call instead).
struct InfixOperator {
    let precedence: Precedence
    let isRightAssociative: Bool
    let binary: BinaryOperator?

    var isComparison: Bool { precedence == .comparison }
}

/// The one table the precedence-climbing loop reads.
enum OperatorTable {
    static let infix: [TokenKind: InfixOperator] = {
        var table: [TokenKind: InfixOperator] = [:]
        func add(_ kind: TokenKind, _ precedence: Precedence, _ binary: BinaryOperator?, right: Bool = false) {
            table[kind] = InfixOperator(precedence: precedence, isRightAssociative: right, binary: binary)
        }
        add(.keyword(.or), .or, .or)
        add(.keyword(.and), .and, .and)
        add(.equalEqual, .comparison, .equal)
        add(.bangEqual, .comparison, .notEqual)
        add(.less, .comparison, .less)
        add(.lessEqual, .comparison, .lessEqual)
        add(.greater, .comparison, .greater)
        add(.greaterEqual, .comparison, .greaterEqual)
        add(.pipe, .pipe, nil)
        add(.plus, .additive, .add)
        add(.minus, .additive, .subtract)
        add(.star, .multiplicative, .multiply)
        add(.slash, .multiplicative, .divide)
        add(.percent, .multiplicative, .modulo)
        add(.at, .multiplicative, .matmul)
        add(.starStar, .power, .power, right: true)
        return table
    }()

    /// Prefix operators and the level of the operand they take: `not` takes a whole
    /// comparison (`not a == b` is `not (a == b)`); `-` takes a power (`-2 ** 2` is -4).
    static func prefix(_ kind: TokenKind) -> (UnaryOperator, operand: Precedence)? {
        switch kind {
        case .keyword(.not): return (.not, .comparison)
        case .minus: return (.negate, .power)
        default: return nil
        }
    }
}
